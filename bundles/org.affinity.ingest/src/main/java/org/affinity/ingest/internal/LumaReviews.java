package org.affinity.ingest.internal;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magento "Luma" product reviews (sku, rating_code, rating_value, title, review, reviewer, email):
 * review events of the reviewer (the member) on the item, text = title and review, rating as an
 * attribute. The file has no dates: events get the import's time, unless the import says
 * {@code time=...}.
 */
final class LumaReviews implements Preset {

    static final String NAME = "luma-reviews";

    private final String time;

    LumaReviews(String time) {
        this.time = time;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Kind kind() {
        return Kind.EVENTS;
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("sku", "rating_value", "title", "review", "reviewer");
    }

    @Override
    public Outcome map(Map<String, Object> row) {
        String reviewer = text(row, "reviewer");
        String title = text(row, "title");
        String review = text(row, "review");
        String text = review.startsWith(title) ? review : title + ". " + review;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", Records.contentId("luma-review", text(row, "sku"), reviewer, title, review));
        record.put("type", "review");
        record.put("member", reviewer);
        record.put("item", text(row, "sku"));
        record.put("text", text);
        if (time != null) {
            record.put("time", time);
        }
        record.put("attributes", Map.of("rating", text(row, "rating_value")));
        return new Outcome(record, null, null, reviewer.isEmpty() ? null
                : new Outcome.MemberHint(reviewer, Map.of("name", reviewer)));
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? "" : value.toString().trim();
    }
}
