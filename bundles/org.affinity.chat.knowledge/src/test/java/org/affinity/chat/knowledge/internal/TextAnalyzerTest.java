package org.affinity.chat.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.affinity.api.chat.Article;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

    private static List<String> terms(TextAnalyzer.Options options, String text) {
        try (KeywordIndex index = new KeywordIndex(options)) {
            return List.copyOf(index.terms(text));
        }
    }

    @Test
    void chineseRunsBecomeBigramsAndLoneCharactersStay() {
        assertEquals(List.of("退货", "货政", "政策"), terms(TextAnalyzer.SHIPPED, "退货政策"));
        assertEquals(List.of("退货", "refund", "536365", "好"), terms(TextAnalyzer.SHIPPED, "退货, refunds 536365。好"));
        assertEquals(List.of("退货", "退", "货政", "货", "政策", "政", "策"),
                terms(new TextAnalyzer.Options(true, true, true), "退货政策"));
    }

    @Test
    void englishWordsMeetTheirInflections() {
        for (List<String> family : List.of(List.of("refund", "refunds", "refunded", "refunding"),
                List.of("change", "changed", "changing", "changes"), List.of("cancel", "cancelled", "cancelling", "cancels"),
                List.of("ship", "shipped", "shipping"), List.of("delivery", "deliveries"), List.of("address", "addresses"),
                List.of("invoice", "invoices", "invoiced"))) {
            assertEquals(1, family.stream().map(EnglishStemmer::stem).distinct().count(), family + " -> "
                    + family.stream().map(EnglishStemmer::stem).toList());
        }
        assertEquals(List.of("track", "parcel"), terms(TextAnalyzer.SHIPPED, "How can I track my parcels?"));
    }

    @Test
    void bigramsFindTheWordAndNotEveryWordSharingACharacter() {
        Article returns = new Article("returns.zh", "退货", "zh", null, null, "签收后 30 天内可以退货。", null);
        Article logout = new Article("logout.zh", "退出登录", "zh", null, null, "点击右上角的退出按钮。", null);
        for (boolean unigrams : new boolean[] {false, true}) {
            try (KeywordIndex index = new KeywordIndex(new TextAnalyzer.Options(true, true, unigrams))) {
                index.replace(returns, Passages.split(returns));
                index.replace(logout, Passages.split(logout));
                index.refresh();
                List<PassageScore> hits = index.search("我想退货", "zh", 10);
                assertEquals("returns.zh", hits.get(0).articleId());
                assertEquals(unigrams ? 2 : 1, hits.size(), "single characters also match 退出: " + hits);
                assertTrue(index.search("我想退货", "en", 10).isEmpty(), "the language filter");
            }
        }
    }
}
