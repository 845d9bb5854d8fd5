package org.affinity.ingest.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;

/**
 * What an event file says about items and members, gathered over the whole file: an item's title
 * is the one its sale lines use most, its price the most common sale price; a member's attributes
 * are the latest seen.
 */
final class Catalogue {

    private static final class ItemVotes {
        final Map<String, Integer> saleTitles = new LinkedHashMap<>();
        final Map<String, Integer> otherTitles = new LinkedHashMap<>();
        final Map<BigDecimal, Integer> prices = new LinkedHashMap<>();
        final Set<String> categories = new LinkedHashSet<>();
    }

    private final Map<String, ItemVotes> items = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> members = new LinkedHashMap<>();

    void add(Outcome outcome) {
        if (outcome.item() != null) {
            Outcome.ItemHint hint = outcome.item();
            ItemVotes votes = items.computeIfAbsent(hint.id(), id -> new ItemVotes());
            if (hint.title() != null) {
                (hint.sale() ? votes.saleTitles : votes.otherTitles).merge(hint.title(), 1, Integer::sum);
            }
            if (hint.price() != null) {
                votes.prices.merge(hint.price().stripTrailingZeros(), 1, Integer::sum);
            }
            votes.categories.addAll(hint.categories());
        }
        if (outcome.member() != null) {
            members.computeIfAbsent(outcome.member().id(), id -> new LinkedHashMap<>()).putAll(outcome.member().attributes());
        }
    }

    boolean isEmpty() {
        return items.isEmpty() && members.isEmpty();
    }

    List<Item> items(String currency) {
        List<Item> result = new ArrayList<>(items.size());
        items.forEach((id, votes) -> {
            String title = mostCommon(votes.saleTitles.isEmpty() ? votes.otherTitles : votes.saleTitles);
            BigDecimal price = mostCommon(votes.prices);
            result.add(new Item(id, title == null ? id : title, "", new ArrayList<>(votes.categories), price,
                    price == null ? null : currency, Map.of(), true, null));
        });
        return result;
    }

    List<Member> members(Consent consent) {
        List<Member> result = new ArrayList<>(members.size());
        members.forEach((id, attributes) -> result.add(Member.of(id, attributes, consent)));
        return result;
    }

    /** The most frequent key; ties go to the one seen first. */
    private static <K> K mostCommon(Map<K, Integer> counts) {
        K best = null;
        int bestCount = 0;
        for (Map.Entry<K, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > bestCount) {
                best = entry.getKey();
                bestCount = entry.getValue();
            }
        }
        return best;
    }
}
