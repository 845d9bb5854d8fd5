package org.affinity.ingest.internal;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The UCI "Online Retail" file (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
 * CustomerID, Country), its quirks handled on purpose:
 * <ul>
 * <li>lines without CustomerID are guest checkouts: skipped (their products still enter the catalogue);
 * <li>invoices starting with C are cancellations: returns of the absolute quantity;
 * <li>stock codes that are not products (postage, fees, discounts, manual adjustments, samples,
 * bad debt, gift vouchers) are skipped;
 * <li>CustomerID is written as a float ("17850.0"): read as the integer id "17850";
 * <li>stock codes come in both cases ("85123a", "85123A"): upper-cased;
 * <li>descriptions are upper case: titles become title case; only sale lines (positive quantity
 * and price) name a product, adjustment lines carry notes like "damaged" instead;
 * <li>times are UK local time.
 * </ul>
 * Event ids are built from invoice, stock code, quantity, price and time, so an exact duplicate
 * line counts as a duplicate and importing the file twice adds nothing.
 */
final class OnlineRetail implements Preset {

    static final String NAME = "online-retail";

    /** Stock codes that are charges or bookkeeping, not products. */
    static final Set<String> NOT_PRODUCTS = Set.of("POST", "DOT", "M", "C2", "D", "S", "BANK CHARGES", "AMAZONFEE",
            "CRUK", "PADS", "B");

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Pattern NOT_DIGITS = Pattern.compile("[^0-9]");
    private static final Pattern FLOAT_INTEGER = Pattern.compile("\\d+\\.0+");

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
        return LONDON;
    }

    @Override
    public List<String> requiredColumns() {
        return List.of("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country");
    }

    static boolean isProduct(String code) {
        return !NOT_PRODUCTS.contains(code) && !code.startsWith("GIFT_");
    }

    /** "17850.0" -> "17850"; anything else unchanged. */
    static String integerId(String raw) {
        String id = raw.trim();
        return FLOAT_INTEGER.matcher(id).matches() ? id.substring(0, id.indexOf('.')) : id;
    }

    @Override
    public Outcome map(Map<String, Object> row) {
        String invoice = text(row, "InvoiceNo");
        String code = text(row, "StockCode").toUpperCase(Locale.ROOT);
        String quantityText = text(row, "Quantity");
        String priceText = text(row, "UnitPrice");
        String customer = integerId(text(row, "CustomerID"));
        boolean product = isProduct(code);

        Outcome.ItemHint item = null;
        if (product && !code.isEmpty()) {
            boolean sale = positive(quantityText) && positive(priceText);
            String description = text(row, "Description");
            item = new Outcome.ItemHint(code, description.isBlank() ? null : TitleCase.of(description), sale,
                    sale ? new BigDecimal(priceText) : null, List.of());
        }
        Outcome.MemberHint member = customer.isEmpty() ? null
                : new Outcome.MemberHint(customer, Map.of("country", text(row, "Country")));
        if (customer.isEmpty()) {
            return Outcome.skipped("guest checkout (no CustomerID)", item, null);
        }
        if (!product) {
            return Outcome.skipped("not a product (postage, fees, adjustments, vouchers: POST, DOT, M, C2, D, S, "
                    + "BANK CHARGES, AMAZONFEE, CRUK, PADS, B, gift_*)", null, member);
        }

        boolean cancellation = invoice.startsWith("C");
        Map<String, Object> record = new HashMap<>();
        record.put("id", "or-" + invoice + "-" + code + "-" + quantityText + "-" + priceText + "-"
                + NOT_DIGITS.matcher(text(row, "InvoiceDate")).replaceAll(""));
        record.put("type", cancellation ? "return" : "purchase");
        record.put("member", customer);
        record.put("item", code);
        record.put("quantity", cancellation && quantityText.startsWith("-") ? quantityText.substring(1) : quantityText);
        record.put("price", priceText);
        record.put("time", text(row, "InvoiceDate"));
        record.put("attributes", Map.of("order", invoice));
        return new Outcome(record, null, item, member);
    }

    private static boolean positive(String number) {
        try {
            return new BigDecimal(number).signum() > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? "" : value.toString().trim();
    }
}
