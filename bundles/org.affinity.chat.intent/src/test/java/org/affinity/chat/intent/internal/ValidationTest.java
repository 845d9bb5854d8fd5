package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static IntentExample at(long line, String text, String intent) {
        return new IntentExample(text, intent, line);
    }

    @Test
    void goodExamplesComeBackStripped() {
        List<IntentExample> checked = Validation.examples(List.of(at(2, "  where is my order ", "track_order"),
                at(3, "track my parcel", " track_order"), at(4, "cancel it", "cancel_order"), at(5, "stop my order", "cancel_order")));
        assertEquals(at(2, "where is my order", "track_order"), checked.get(0));
        assertEquals("track_order", checked.get(1).intent());
    }

    @Test
    void everyProblemIsNamedWithItsLine() {
        List<IntentExample> examples = new ArrayList<>(List.of(
                at(2, "where is my order", "track_order"),
                at(3, "   ", "track_order"),
                at(4, "x".repeat(2_001), "track_order"),
                at(5, "track my parcel", "track order"),
                at(6, "WHERE  is my order", "cancel_order"),
                at(7, "cancel it", ""),
                at(8, "find my parcel", "track_order"),
                at(9, "only one of these", "complaint"),
                at(10, "cancel my order", "cancel_order"),
                at(11, "please cancel", "cancel_order")));
        RejectedException e = assertThrows(RejectedException.class, () -> Validation.examples(examples));
        List<Rejection> rejections = e.rejections();
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 9L), rejections.stream().map(Rejection::line).toList(), rejections.toString());
        assertEquals("is blank", rejections.get(0).reason());
        assertTrue(rejections.get(1).reason().contains("2,001 characters"), rejections.get(1).reason());
        assertTrue(rejections.get(2).reason().contains("'track order' is not an intent name"));
        assertTrue(rejections.get(3).reason().contains("labelled 'track_order' on line 2 and 'cancel_order' here"),
                rejections.get(3).reason());
        assertEquals("intent", rejections.get(4).field());
        assertTrue(rejections.get(5).reason().contains("'complaint' has only this example"), rejections.get(5).reason());
    }

    @Test
    void aSetNeedsTwoIntentsAndEachLanguageTwoIntents() {
        RejectedException one = assertThrows(RejectedException.class, () -> Validation.examples(List.of(
                at(2, "hi", "greeting"), at(3, "hello", "greeting"))));
        assertTrue(one.getMessage().contains("at least two intents"), one.getMessage());

        RejectedException chinese = assertThrows(RejectedException.class, () -> Validation.examples(List.of(
                at(2, "hi", "greeting"), at(3, "hello", "greeting"), at(4, "bye", "thanks"), at(5, "thank you", "thanks"),
                at(6, "你好", "greeting"), at(7, "您好", "greeting"))));
        assertEquals(1, chinese.rejections().size());
        assertEquals(6, chinese.rejections().get(0).line());
        assertTrue(chinese.rejections().get(0).reason().contains("Chinese examples (lines [6, 7]) are all 'greeting'"),
                chinese.rejections().get(0).reason());

        assertThrows(RejectedException.class, () -> Validation.examples(List.of()));
    }

    @Test
    void setNamesAreLowerCaseSlugs() {
        assertEquals("shop", Validation.setName("shop"));
        assertEquals("returns-2", Validation.setName("returns-2"));
        for (String bad : new String[] {"Shop", "", "-x", "a b", "../etc", "x".repeat(65), "shop.next"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validation.setName(bad));
            assertTrue(e.getMessage().startsWith("bad set name"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Validation.setName(null));
    }

    @Test
    void textsToClassifyAreNeitherBlankNorTooLong() {
        assertEquals("hi", Validation.text("hi"));
        assertThrows(IllegalArgumentException.class, () -> Validation.text(" "));
        assertThrows(IllegalArgumentException.class, () -> Validation.text(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validation.text("x".repeat(100_000)));
        assertTrue(e.getMessage().contains("100,000 characters"), e.getMessage());
    }
}
