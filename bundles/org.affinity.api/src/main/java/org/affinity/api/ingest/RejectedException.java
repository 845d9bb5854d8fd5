package org.affinity.api.ingest;

import java.util.List;

/**
 * Input refused as a whole because some of it is wrong: names every problem (line, field, reason),
 * so the sender can fix them all at once. Nothing of the input was kept.
 *
 * @since 1.1
 */
public class RejectedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Rejection> rejections;

    public RejectedException(String message, List<Rejection> rejections) {
        super(message + describe(rejections));
        this.rejections = rejections == null ? List.of() : List.copyOf(rejections);
    }

    /** Every problem found, in input order. */
    public List<Rejection> rejections() {
        return rejections;
    }

    private static String describe(List<Rejection> rejections) {
        if (rejections == null || rejections.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(": ");
        int shown = Math.min(3, rejections.size());
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : "; ").append(rejections.get(i));
        }
        if (rejections.size() > shown) {
            text.append("; and ").append(rejections.size() - shown).append(" more");
        }
        return text.toString();
    }
}
