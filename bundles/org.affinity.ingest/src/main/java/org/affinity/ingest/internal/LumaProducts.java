package org.affinity.ingest.internal;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Magento "Luma" sample catalogue, in either of its two shapes:
 * <ul>
 * <li>Magento's import format (configurable_products.csv): the configurable parents are the
 * catalogue items; their size/colour variants ("Not Visible Individually") are folded into the
 * parent's attributes and skipped as rows. Categories lose the "Default Category/" root;
 * additional_attributes become attributes.
 * <li>the gear sheets (simple_products_gear_*.csv): one product per row, the category path on
 * separate lines, every further column an attribute (multi-line values become lists).
 * </ul>
 * Descriptions stay HTML; whoever shows or embeds them strips the markup.
 */
final class LumaProducts implements Preset {

    static final String NAME = "luma-products";

    private static final Set<String> GEAR_COLUMNS = Set.of("category", "name", "sku", "price", "qty", "description",
            "special_price", "attribute_set");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Kind kind() {
        return Kind.ITEMS;
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("sku", "name", "price", "description");
    }

    @Override
    public Outcome map(Map<String, Object> row) {
        return row.containsKey("product_type") ? magento(row) : gear(row);
    }

    private static Outcome magento(Map<String, Object> row) {
        String sku = text(row, "sku");
        if ("Not Visible Individually".equals(text(row, "visibility"))) {
            return Outcome.skipped("size/colour variant: folded into its configurable parent", null, null);
        }
        Map<String, Object> attributes = new LinkedHashMap<>(keyValues(text(row, "additional_attributes")));
        attributes.remove("has_options");
        attributes.remove("required_options");
        Set<String> sizes = new LinkedHashSet<>();
        Set<String> colours = new LinkedHashSet<>();
        for (String variant : text(row, "configurable_variations").split("\\|")) {
            Map<String, Object> values = keyValues(variant);
            if (values.get("size") != null) {
                sizes.add(values.get("size").toString());
            }
            if (values.get("color") != null) {
                colours.add(values.get("color").toString());
            }
        }
        if (!sizes.isEmpty()) {
            attributes.put("sizes", new ArrayList<>(sizes));
        }
        if (!colours.isEmpty()) {
            attributes.put("colours", new ArrayList<>(colours));
        }
        List<String> categories = new ArrayList<>();
        for (String path : text(row, "categories").split(",")) {
            String category = path.trim().replaceFirst("^Default Category/?", "");
            if (!category.isEmpty()) {
                categories.add(category);
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", sku);
        record.put("title", text(row, "name"));
        record.put("description", text(row, "description"));
        record.put("categories", categories);
        record.put("price", text(row, "price"));
        record.put("currency", "USD");
        record.put("available", !"0".equals(text(row, "product_online")) && !"0".equals(text(row, "is_in_stock")));
        record.put("attributes", attributes);
        return new Outcome(record, null, null, null);
    }

    private static Outcome gear(Map<String, Object> row) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            String text = value == null ? "" : value.toString().trim();
            if (GEAR_COLUMNS.contains(column) || text.isEmpty()) {
                return;
            }
            attributes.put(column, text.contains("\n") ? List.of(text.split("\\s*\\n\\s*")) : text);
        });
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", text(row, "sku"));
        record.put("title", text(row, "name"));
        record.put("description", text(row, "description"));
        record.put("categories", List.of(String.join("/", text(row, "category").split("\\s*\\n\\s*"))));
        record.put("price", text(row, "price"));
        record.put("currency", "USD");
        String quantity = text(row, "qty");
        record.put("available", quantity.isEmpty() || !quantity.matches("0+(\\.0+)?"));
        record.put("attributes", attributes);
        return new Outcome(record, null, null, null);
    }

    /** "a=1,b=x|y" -> {a: "1", b: ["x", "y"]} */
    static Map<String, Object> keyValues(String text) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String value = pair.substring(equals + 1).trim();
                values.put(pair.substring(0, equals).trim(), value.contains("|") ? List.of(value.split("\\|")) : value);
            }
        }
        return values;
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? "" : value.toString().trim();
    }
}
