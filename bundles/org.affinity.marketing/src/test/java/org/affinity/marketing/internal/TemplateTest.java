package org.affinity.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.affinity.api.item.Item;
import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.Content;
import org.affinity.api.marketing.Delivery;
import org.affinity.api.marketing.Schedule;
import org.affinity.api.marketing.Variant;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.store.testkit.MemoryStore;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void unknownFieldsAreRefusedWithTheirPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Template.parse("Hi {{frstName}}!"));
        assertTrue(e.getMessage().startsWith("position 4 ('{{frstName}}'): unknown field 'frstName'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{{#items}}{{title}}"));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{{/items}}"));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{{#offers}}{{/offers}}"));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("a {{ b"));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{{title}}"), "item fields only inside items");
    }

    /**
     * A French member gets French dates and money (prices in pounds stay pounds), a German member with
     * a locale attribute gets German ones; fallbacks fill what a member lacks.
     */
    @Test
    void rendersMemberFieldsRecommendationsMoneyAndDatesInTheMembersLocale() {
        MemoryStore store = new MemoryStore();
        store.putItems(List.of(new Item("i1", "RED MUG", "", List.of(), new BigDecimal("1234.5"), "GBP", Map.of("url", "https://shop/i1"),
                true, null), new Item("i2", "BLUE BOWL", "", List.of(), new BigDecimal("2.5"), "GBP", Map.of(), true, null)));
        Recommendations recommendations = new Recommendations() {
            @Override
            public RecommendationResult recommend(org.affinity.api.recommend.RecommendationRequest request) {
                return new RecommendationResult(List.of(new Recommendation("i1", 1, ""), new Recommendation("i2", 0.5, "")),
                        "test", "default", null);
            }

            @Override
            public java.util.Set<String> strategies() {
                return java.util.Set.of("test");
            }

            @Override
            public String defaultStrategy() {
                return "test";
            }

            @Override
            public org.affinity.api.recommend.Routing routing() {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.affinity.api.recommend.Routing configure(org.affinity.api.recommend.Routing routing) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.affinity.api.recommend.UpliftReport uplift() {
                throw new UnsupportedOperationException();
            }
        };
        Renderer renderer = new Renderer(store, recommendations,
                new Place.Defaults(ZoneId.of("Europe/London"), Locale.UK, "GBP"));
        Content content = new Content(List.of(new Variant("a", "{{firstName|Hello}}, {{points}} points",
                "Until {{date+7}}:{{#items}} {{rank}}. {{title}} {{price}} {{url|-}};{{/items}} ({{tier|member}})", null, null)),
                Content.Assignment.RANDOM, 2, null, null);
        Campaign campaign = Campaign.define("c", "c", Audience.all(), null, "email", content, Schedule.MANUAL, 0, false,
                Delivery.FILE);
        Instant now = Instant.parse("2011-12-01T10:00:00Z");
        Message french = renderer.render(campaign, 1, Renderer.Templates.of(content),
                Member.of("f", Map.of("country", "France", "firstName", "Amélie", "points", 12500), Consent.ALL), "a", now);
        assertEquals("Amélie, 12\u202f500 points", french.subject().replace('\u00a0', '\u202f'));
        assertTrue(french.body().startsWith("Until 8 décembre 2011: 1. RED MUG 1\u202f234,50\u00a0£GB https://shop/i1;"),
                french.body());
        assertTrue(french.body().endsWith(" 2. BLUE BOWL 2,50\u00a0£GB -; (member)"), french.body());
        assertEquals("fr-FR", french.locale());
        assertEquals(List.of("i1", "i2"), french.items());

        Message german = renderer.render(campaign, 1, Renderer.Templates.of(content),
                Member.of("g", Map.of("country", "United Kingdom", "locale", "de-DE", "tier", "gold"), Consent.ALL), "a", now);
        assertTrue(german.subject().startsWith("Hello, "), german.subject());
        assertTrue(german.body().startsWith("Until 8. Dezember 2011: 1. RED MUG 1.234,50\u00a0£"), german.body());
        assertTrue(german.body().endsWith("(gold)"), german.body());
        assertEquals(german.idempotencyKey(), Draw.idempotencyKey("c", 1, "g"));
    }
}
