package org.affinity.chat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceAskTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "recommend a gift under 20 pounds | - | 20",
            "something below £15 for my mum | - | 15",
            "gift ideas less than 7.50 | - | 7.50",
            "a present for about £20 | 15.00 | 25.00",
            "between 5 and 10 pounds | 5 | 10",
            "£10 to £30 please | 10 | 30",
            "over 50 quid | 50 | -",
            "a 12 pound gift | - | 12",
            "推荐一个20英镑以下的礼物 | - | 20",
            "不超过15镑的礼物 | - | 15",
            "10到20镑之间的礼物 | 10 | 20",
            "50镑以上的礼物 | 50 | -" })
    void readsThePriceRangeAsked(String text, BigDecimal min, BigDecimal max) {
        PriceAsk ask = PriceAsk.of(text);
        assertEquals(min == null ? null : min.stripTrailingZeros(), ask.min() == null ? null : ask.min().stripTrailingZeros(), text);
        assertEquals(max == null ? null : max.stripTrailingZeros(), ask.max() == null ? null : ask.max().stripTrailingZeros(), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "2 gifts for my kids", "delivery in 2 to 3 days", "gift ideas for christmas 2011" })
    void numbersThatAreNoPricesAreNotRead(String text) {
        assertFalse(PriceAsk.of(text).any(), text);
    }
}
