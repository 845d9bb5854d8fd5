package org.affinity.profile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rule segments are validated when defined, with the column and what was expected. */
class RuleTest {

    private static String error(String rule) {
        return assertThrows(IllegalArgumentException.class, () -> Rule.compile(rule)).getMessage();
    }

    @Test
    void theIssuesExampleCompiles() {
        Rule rule = Rule.compile("rfm.segment in ('At Risk','Cant Lose Them') and affinity('christmas') > 0.3 "
                + "and country == 'United Kingdom'");
        assertTrue(rule.source().startsWith("rfm.segment"));
        Rule.compile("not (returns_ratio >= 0.2 or price_band = 'premium') AND rfm.r <> 1 and has_vector == true");
        Rule.compile("rfm.segment not in (\"Can't Lose Them\", 'lost') and keyword('retrospot') > 0 and category('Bags') > .1");
    }

    @Test
    void mistakesAreNamedWithTheirColumn() {
        assertEquals("column 1: unknown field 'contry'; did you mean 'country'? (fields: cadence_days, country, events, "
                + "has_vector, language, mean_unit_price, orders, price_band, purchases, returns, returns_ratio, rfm.f, "
                + "rfm.frequency, rfm.m, rfm.monetary, rfm.r, rfm.recency, rfm.segment)", error("contry == 'France'"));
        assertEquals("column 17: unknown RFM segment 'Sleepers' (known: Champions, Loyal, Potential Loyalist, New Customers, "
                + "Promising, Need Attention, About to Sleep, At Risk, Can't Lose Them, Hibernating, Lost)",
                error("rfm.segment in ('Sleepers')"));
        assertEquals("column 9: cannot compare a text with a number", error("country > 3"));
        assertEquals("column 9: '>' compares numbers; text values can only be compared with == or !=",
                error("country > 'A'"));
        assertTrue(error("affinity(christmas) > 0.3").startsWith("column 10: affinity(...) takes one quoted text"));
        assertTrue(error("afinity('x') > 1").startsWith("column 1: unknown function 'afinity'; did you mean 'affinity'?"));
        assertEquals("the rule must be a condition (true or false), not a number: compare it, e.g. ... > 0.3",
                error("affinity('christmas')"));
        assertEquals("column 12: unexpected 'orders': join conditions with 'and' or 'or'", error("orders > 2 orders > 3"));
        assertTrue(error("orders > 2 and").startsWith("the rule ends too early"));
        assertEquals("column 11: text is not closed: missing '", error("country = 'France"));
        assertTrue(error("").startsWith("the rule is empty"));
    }
}
