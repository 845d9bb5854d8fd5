package org.affinity.api.marketing;

import java.util.List;
import java.util.Set;

/**
 * What each member gets, rendered per member.
 *
 * <p>Templates: {@code {{name}}}, {@code {{firstName}}}, {@code {{tier}}}, {@code {{points}}},
 * {@code {{country}}}, {@code {{id}}}, any member attribute as {@code {{attributes.x}}}, a fallback
 * after a bar ({@code {{firstName|there}}}); the send date {@code {{date}}} or N days later
 * {@code {{date+7}}}, in the member's locale; recommendations as a section
 * {@code {{#items}}{{title}} {{price}}{{/items}}} with {@code {{id}}}, {@code {{title}}},
 * {@code {{price}}} (money in the member's locale and the item's currency), {@code {{url}}} (the item's
 * {@code url} attribute) and {@code {{rank}}}. Unknown fields are refused when the campaign is created.
 *
 * @param variants one or more variants (A/B/n)
 * @param assignment how a member gets a variant
 * @param recommendations how many recommended items each message carries (0: none)
 * @param categories recommended items only from these categories (or below)
 * @param strategy the recommendation strategy asked for, or null for the routing's choice
 */
public record Content(List<Variant> variants, Assignment assignment, int recommendations, Set<String> categories,
        String strategy) {

    public enum Assignment {
        /** A hash of campaign and member picks a variant, in proportion to the weights. */
        RANDOM,
        /** The variant whose theme is closest to the member's vector (random for members without one). */
        THEME
    }

    public Content {
        variants = variants == null ? List.of() : List.copyOf(variants);
        assignment = assignment == null ? Assignment.RANDOM : assignment;
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    public static Content of(String subject, String body) {
        return new Content(List.of(new Variant("a", subject, body, null, null)), Assignment.RANDOM, 0, null, null);
    }
}
