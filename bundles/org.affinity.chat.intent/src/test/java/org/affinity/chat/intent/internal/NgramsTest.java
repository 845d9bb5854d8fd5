package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NgramsTest {

    @Test
    void wordsAreLowerCasedDigitsReadAsZeroAndHanRunsNeverJoinLatinWords() {
        assertEquals(List.of("where's", "my", "order", "00000"), Ngrams.tokens("Where's my ORDER #12345?"));
        assertEquals(List.of("iphone", "手机", "坏了"), Ngrams.tokens("iPhone手机，坏了"));
        assertEquals(List.of("can", "i"), Ngrams.tokens("ＣＡＮ I"), "full-width forms fold under NFKC");
        assertEquals(List.of("customers"), Ngrams.tokens("customers'"), "a trailing apostrophe is not part of the word");
    }

    @Test
    void featuresAreWordsWordPairsAndBoundedCharacterGramsAndHanGrams() {
        List<String> features = Ngrams.DEFAULT.all("track order");
        assertTrue(features.contains("wtrack"));
        assertTrue(features.contains("wtrack order"), "word pairs");
        assertTrue(features.contains("c<tr"), "a word's start is marked");
        assertTrue(features.contains("cder>"), "and its end");
        assertTrue(features.contains("crack"));
        assertFalse(features.contains("cr"), "no character 2-grams with the shipped settings");

        List<String> chinese = Ngrams.DEFAULT.all("我的订单");
        assertTrue(chinese.contains("w我的订单"), "a Han run is one word");
        assertTrue(chinese.contains("c订"), "its characters");
        assertTrue(chinese.contains("c订单"), "and their pairs, which are often words");
        assertTrue(chinese.contains("c的订单"));
        assertFalse(chinese.contains("c我的订单"), "up to three characters");
    }

    @Test
    void noneMeansNoFeatures() {
        assertFalse(Ngrams.NONE.any());
        assertEquals(List.of(), Ngrams.NONE.all("anything at all"));
    }
}
