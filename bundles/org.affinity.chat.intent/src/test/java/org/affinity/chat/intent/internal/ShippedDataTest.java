package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.affinity.api.chat.IntentExample;
import org.junit.jupiter.api.Test;

/** The shipped set is trainable as it is and carries what the chat needs in both languages. */
class ShippedDataTest {

    @Test
    void theShopSetHasEveryIntentInEnglishAndChinese() throws IOException {
        List<IntentExample> shop = Validation.examples(RealModels.shipped().shop());
        Map<String, int[]> counts = new TreeMap<>();
        for (IntentExample example : shop) {
            counts.computeIfAbsent(example.intent(), k -> new int[2])[Language.of(example.text()).equals("zh") ? 1 : 0]++;
        }
        assertEquals(32, counts.size(), counts.keySet().toString());
        counts.forEach((intent, perLanguage) -> {
            assertTrue(perLanguage[1] >= 20, intent + " has " + perLanguage[1] + " Chinese examples");
            assertTrue(perLanguage[0] >= 36, intent + " has " + perLanguage[0] + " English examples");
            assertTrue(perLanguage[0] <= ShippedData.BITEXT_PER_INTENT + 1, intent + ": the Bitext sample is capped");
        });
        for (String own : List.of("recommend_product", "return_item", "check_points", "greeting", "thanks")) {
            assertTrue(counts.get(own)[0] >= 60, own + " has " + counts.get(own)[0] + " English examples");
        }
        assertEquals(ShippedData.bitextSample(RealModels.bitext()).size() + 303 + 649, shop.size());
    }

    @Test
    void theBitextSampleKeepsSmallIntentsWholeAndIsTheSameEveryTime() throws IOException {
        List<IntentExample> bitext = RealModels.bitext();
        List<IntentExample> sample = ShippedData.bitextSample(bitext);
        assertEquals(36, sample.stream().filter(e -> e.intent().equals("cancel_order")).count(), "all 36 of cancel_order");
        assertEquals(300, sample.stream().filter(e -> e.intent().equals("payment_issue")).count());
        assertEquals(sample, ShippedData.bitextSample(bitext));
        assertTrue(sample.get(0).line() < sample.get(1).line(), "in file order");
    }

    @Test
    void theBackgroundIsOtherTopicsInBothLanguagesAndGibberish() throws IOException {
        List<String> background = RealModels.shipped().background();
        assertTrue(background.size() >= 190, "background texts: " + background.size());
        assertTrue(background.stream().filter(t -> Language.of(t).equals("zh")).count() >= 30);
        assertTrue(background.stream().noneMatch(t -> t.startsWith("#")));
    }
}
