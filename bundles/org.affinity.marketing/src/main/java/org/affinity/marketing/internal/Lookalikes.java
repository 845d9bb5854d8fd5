package org.affinity.marketing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lookalike segment's definition as org.affinity.profile writes it ("12347, 12348 size=200"), read
 * here to evaluate the segment at a past date.
 */
final class Lookalikes {

    /** The profile bundle's default size of a lookalike segment. */
    static final int DEFAULT_SIZE = 100;

    record Definition(List<String> seeds, int size) {
    }

    private Lookalikes() {
    }

    static Definition parse(String definition) {
        List<String> seeds = new ArrayList<>();
        int size = DEFAULT_SIZE;
        for (String part : definition.trim().split("[,\\s]+")) {
            if (part.toLowerCase(Locale.ROOT).startsWith("size=")) {
                size = Integer.parseInt(part.substring(5));
            } else if (!part.isEmpty()) {
                seeds.add(part);
            }
        }
        return new Definition(seeds, size);
    }
}
