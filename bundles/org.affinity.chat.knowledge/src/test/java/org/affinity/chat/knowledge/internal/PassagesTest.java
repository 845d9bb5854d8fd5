package org.affinity.chat.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.affinity.api.chat.Article;
import org.junit.jupiter.api.Test;

class PassagesTest {

    private static Article article(String body) {
        return new Article("a", "Title", "en", null, null, body, null);
    }

    @Test
    void paragraphsUnderTheirHeadingsAndShortIntroductionsJoinTheirList() {
        List<Passage> passages = Passages.split(article("""
                # Title

                Opening words that say what the article is about, long enough to stand on their own as a passage of text.

                ## Returns

                ### Damaged goods

                You can:

                - ask for a replacement,
                - or a refund.

                ## Refunds

                Refunds take **14 days** at most, to the [card you paid with](https://example.com/cards).
                """));
        assertEquals(3, passages.size(), passages.toString());
        assertEquals("", passages.get(0).heading());
        assertEquals("Returns › Damaged goods", passages.get(1).heading());
        assertEquals("You can:\n- ask for a replacement,\n- or a refund.", passages.get(1).text());
        assertEquals("Refunds", passages.get(2).heading());
        assertEquals("Refunds take 14 days at most, to the card you paid with (https://example.com/cards).", passages.get(2).text());
        assertEquals("a#2", passages.get(2).id());
        assertEquals("Title › Refunds\n" + passages.get(2).text(), passages.get(2).context("Title"));
    }

    @Test
    void tablesBecomeHeaderValuePairs() {
        List<Passage> passages = Passages.split(article("""
                | Service | Time | Cost |
                |---|:---:|---:|
                | Standard | 2 to 3 days | £4.95 |
                | Express | next day | £8.95 |
                """));
        assertEquals("Service: Standard; Time: 2 to 3 days; Cost: £4.95\nService: Express; Time: next day; Cost: £8.95",
                passages.get(0).text());
    }

    @Test
    void markupGoesButIntentNamesAndEscapesStay() {
        assertEquals("track_order and *stars* and code", PlainText.inline("track_order and \\*stars\\* and `code`"));
        assertEquals("mail help@shop.example now", PlainText.inline("mail <mailto:help@shop.example> now"));
        assertEquals("an image", PlainText.inline("![an image](pic.png)"));
        assertEquals("bold and italic", PlainText.inline("__bold__ and _italic_"));
        assertEquals("plain", PlainText.inline("<span>plain</span>"));
    }

    @Test
    void longParagraphsAreCutAtSentenceEnds() {
        String sentence = "This sentence is about forty-five characters. ";
        List<Passage> passages = Passages.split(article(sentence.repeat(50)));
        assertTrue(passages.size() >= 3, passages.size() + " passages");
        for (Passage passage : passages) {
            assertTrue(passage.text().length() <= Passages.LONG, passage.text().length() + " characters");
            assertTrue(passage.text().endsWith("."), passage.text());
        }
        List<Passage> sections = Passages.split(article("## A\n\nOne.\n\nTwo.\n\n## B\n\nThree."), Passages.Unit.SECTION);
        assertEquals(List.of("One.\nTwo.", "Three."), sections.stream().map(Passage::text).toList());
    }
}
