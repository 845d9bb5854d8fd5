package org.affinity.marketing.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.marketing.Goal;
import org.affinity.api.recommend.Filters;
import org.affinity.api.store.Store;

/** Whether an event reaches a campaign's goal: its type, its item (ids, categories, title words), its value. */
final class GoalMatcher {

    private final Goal goal;
    /** The items that count, or null when any item counts. */
    private final Set<String> items;

    private GoalMatcher(Goal goal, Set<String> items) {
        this.goal = goal;
        this.items = items;
    }

    /** Reads the catalogue once when the goal names categories or title words. */
    static GoalMatcher of(Goal goal, Store store) {
        if (!goal.itemSpecific()) {
            return new GoalMatcher(goal, null);
        }
        Set<String> items = new HashSet<>(goal.items());
        if (!goal.categories().isEmpty() || !goal.titleTerms().isEmpty()) {
            Pattern words = titleWords(goal.titleTerms());
            store.scanItems(item -> {
                if (matches(item, goal, words)) {
                    items.add(item.id());
                }
            });
        }
        return new GoalMatcher(goal, items);
    }

    private static boolean matches(Item item, Goal goal, Pattern words) {
        return (!goal.categories().isEmpty() && Filters.category(item, goal.categories()) != null)
                || (words != null && words.matcher(item.title()).find());
    }

    private static Pattern titleWords(Set<String> terms) {
        if (terms.isEmpty()) {
            return null;
        }
        StringBuilder alternatives = new StringBuilder();
        for (String term : terms) {
            if (alternatives.length() > 0) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(term.trim().toLowerCase(Locale.ROOT)));
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** How many items count (null: any). */
    Integer itemCount() {
        return items == null ? null : items.size();
    }

    /** Whether the event reaches the goal, in the window [from, until). */
    boolean reaches(Event event, Instant from, Instant until) {
        if (event.type() != goal.event() || event.timestamp().isBefore(from) || !event.timestamp().isBefore(until)) {
            return false;
        }
        if (items != null && (event.itemId() == null || !items.contains(event.itemId()))) {
            return false;
        }
        return goal.minValue() == null || event.amount().compareTo(goal.minValue()) >= 0;
    }
}
