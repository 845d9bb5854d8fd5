package org.affinity.chat.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.affinity.api.chat.Article;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.junit.jupiter.api.Test;

class ArticleMarkdownTest {

    @Test
    void readsFrontMatterInEveryListForm() {
        Article article = ArticleMarkdown.parse("returns", """
                ---
                title: "Returns: how and when"
                language: en-GB
                # a comment line
                intents:
                  - return_item
                  - get_refund
                tags: refunds, 'money back', "a, b"
                ---

                # Returns

                Send it back within 30 days.
                """, Instant.EPOCH);
        assertEquals("Returns: how and when", article.title());
        assertEquals("en", article.language(), "the primary language subtag");
        assertEquals(List.of("return_item", "get_refund"), article.intents());
        assertEquals(List.of("refunds", "money back", "a, b"), article.tags());
        assertTrue(article.body().startsWith("# Returns"));
        assertEquals(Instant.EPOCH, article.updated());

        Article flow = ArticleMarkdown.parse("x", "---\ntitle: X\nintents: [track_order, delivery_period]\n---\ntext\n", null);
        assertEquals(List.of("track_order", "delivery_period"), flow.intents());
    }

    @Test
    void withoutFrontMatterTheHeadingIsTheTitleAndTheLanguageIsDetected() {
        Article chinese = ArticleMarkdown.parse("returns.zh", "# 退货与退款\n\n签收后 30 天内可以退货。\n", null);
        assertEquals("退货与退款", chinese.title());
        assertEquals("zh", chinese.language());
        Article english = ArticleMarkdown.parse("returns", "# Returns\n\nThirty days, unused, as sent.\n", null);
        assertEquals("en", english.language());
        assertEquals(List.of(), english.intents());
    }

    @Test
    void everyProblemIsNamedAtItsLine() {
        RejectedException rejected = assertThrows(RejectedException.class, () -> ArticleMarkdown.parse("returns", """
                ---
                titel: Returns
                language: English
                intents: [Track Order, get_refund]
                language: en
                - stray
                no colon here
                ---
                """, null));
        Map<Long, String> byLine = new java.util.TreeMap<>();
        for (Rejection rejection : rejected.rejections()) {
            byLine.merge(rejection.line(), rejection.reason(), (a, b) -> a + " | " + b);
        }
        assertTrue(byLine.get(2L).contains("unknown key 'titel'"), byLine.toString());
        assertTrue(byLine.get(3L).contains("language code"), byLine.toString());
        assertTrue(byLine.get(4L).contains("'Track Order' is not an intent name"), byLine.toString());
        assertTrue(byLine.get(5L).contains("given twice (first on line 3)"), byLine.toString());
        assertTrue(byLine.get(6L).contains("list item outside a list"), byLine.toString());
        assertTrue(byLine.get(7L).contains("expected 'key: value'"), byLine.toString());
        assertTrue(byLine.values().stream().anyMatch(r -> r.contains("no text")), byLine.toString());
        assertTrue(byLine.values().stream().anyMatch(r -> r.contains("title is missing")), byLine.toString());
        assertTrue(rejected.getMessage().contains("line 2"), rejected.getMessage());
    }

    @Test
    void anUnclosedFrontMatterIsNamedAtItsFirstLine() {
        RejectedException rejected = assertThrows(RejectedException.class,
                () -> ArticleMarkdown.parse("x", "---\ntitle: X\n\nSome text.\n", null));
        assertEquals(1, rejected.rejections().size());
        assertEquals(1, rejected.rejections().get(0).line());
        assertTrue(rejected.rejections().get(0).reason().contains("never closed"));
    }

    @Test
    void idsAreSlugsAndSearchIsReserved() {
        assertNull(ArticleRules.id("returns-and-refunds.zh"));
        for (String bad : List.of("Returns", "../etc", "a/b", "search", "x.", "", "a..b")) {
            assertTrue(ArticleRules.id(bad) != null, bad);
        }
        assertThrows(RejectedException.class, () -> ArticleMarkdown.parse("Bad Id", "# T\n\ntext", null));
    }

    @Test
    void aRenderedArticleReadsBackTheSame() {
        Article article = new Article("gift-wrap", "Wrapping: \"paper\" & ribbon", "en", List.of("place_order"),
                List.of("gift, wrap", "ribbon"), "# Wrapping\n\n- £2.95 per item\n- free message", null);
        Article read = ArticleMarkdown.parse("gift-wrap", ArticleMarkdown.render(article), null);
        assertEquals(article, read);
    }

    @Test
    void fieldsFromJsonAreCompletedAndChecked() {
        Article completed = ArticleMarkdown.complete(new Article("x", null, null, List.of(" track_order "), null,
                "# 查询物流\n\n登录后查看订单状态。", null), 1);
        assertEquals("查询物流", completed.title());
        assertEquals("zh", completed.language());
        assertEquals(List.of("track_order"), completed.intents());
        RejectedException rejected = assertThrows(RejectedException.class, () -> ArticleMarkdown.complete(
                new Article("x", "T", "klingon!", List.of("bad intent"), null, " ", null), 4));
        assertEquals(List.of("language", "intents", "body"), rejected.rejections().stream().map(Rejection::field).toList());
        assertTrue(rejected.rejections().stream().allMatch(r -> r.line() == 4));
    }
}
