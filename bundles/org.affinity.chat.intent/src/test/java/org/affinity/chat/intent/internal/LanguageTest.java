package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void chineseWhenHanCharactersCarryTheText() {
        assertEquals("zh", Language.of("我的订单到哪了"));
        assertEquals("zh", Language.of("where is my 订单"), "two Han characters are enough");
        assertEquals("zh", Language.of("好 a"), "as many Han characters as Latin letters");
        assertEquals("en", Language.of("I bought the 福 poster"), "one Han character among English words");
        assertEquals("en", Language.of("where is my order?"));
        assertEquals("en", Language.of("12345 !!!"), "no letters at all read as English");
    }
}
