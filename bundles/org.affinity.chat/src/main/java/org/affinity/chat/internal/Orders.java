package org.affinity.chat.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;

/**
 * A member's orders and returns, read from their events (purchase and return events carry the
 * invoice in their {@code order} attribute), newest first, and the order a message refers to
 * ("581217", "the one from November", "the lantern order", "my last order").
 */
final class Orders {

    /** Purchases without an order attribute are grouped by day, so they still make orders. */
    private static final ZoneId SHOP_ZONE = ZoneId.of("Europe/London");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])C?\\d{4,10}(?![\\w.])");
    private static final Pattern DAY = Pattern.compile("(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+([a-z]+)"
            + "|([a-z]+)\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)");
    private static final Pattern CHINESE_MONTH = Pattern.compile("(十[一二]|[一二三四五六七八九十]|1[0-2]|0?[1-9])月(?:份)?"
            + "(?:(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?");
    private static final List<String> LATEST = List.of("last", "latest", "recent", "newest", "最近", "最新", "上一", "上次",
            "最后");
    private static final List<String> PREVIOUS = List.of("previous", "before that", "one before", "second", "上上", "前一");
    private static final Set<String> STOP = Set.of("the", "one", "order", "orders", "from", "with", "that", "this", "which",
            "where", "what", "when", "please", "about", "invoice", "want", "need", "have", "last", "latest", "recent",
            "placed", "made", "bought", "item", "items", "thanks", "thank", "some", "there", "their", "them", "mine",
            "your", "just", "like", "would", "could", "should", "return", "refund", "cancel", "change", "status",
            "delivery", "where's", "track");

    private final List<Order> orders;
    private final List<Order> returns;

    private Orders(List<Order> orders, List<Order> returns) {
        this.orders = orders;
        this.returns = returns;
    }

    /**
     * Orders and returns of a member's events.
     *
     * @param items looks up item titles (missing items keep their id as title)
     */
    static Orders of(List<Event> events, Function<Collection<String>, List<Item>> items) {
        Set<String> ids = new HashSet<>();
        for (Event event : events) {
            if (event.itemId() != null && (event.type() == EventType.PURCHASE || event.type() == EventType.RETURN)) {
                ids.add(event.itemId());
            }
        }
        Map<String, String> titles = new HashMap<>();
        for (Item item : ids.isEmpty() ? List.<Item>of() : items.apply(ids)) {
            titles.put(item.id(), item.title());
        }
        return new Orders(group(events, EventType.PURCHASE, titles), group(events, EventType.RETURN, titles));
    }

    private static List<Order> group(List<Event> events, EventType type, Map<String, String> titles) {
        Map<String, List<Event>> byOrder = new LinkedHashMap<>();
        for (Event event : events) {
            if (event.type() == type) {
                Object order = event.attributes().get("order");
                String key = order != null ? order.toString()
                        : type.wireName() + "-" + LocalDate.ofInstant(event.timestamp(), SHOP_ZONE);
                byOrder.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
            }
        }
        List<Order> orders = new ArrayList<>();
        for (Map.Entry<String, List<Event>> entry : byOrder.entrySet()) {
            Instant placed = Instant.MIN;
            BigDecimal total = BigDecimal.ZERO;
            List<Order.Line> lines = new ArrayList<>();
            for (Event event : entry.getValue()) {
                placed = event.timestamp().isAfter(placed) ? event.timestamp() : placed;
                total = total.add(event.amount().abs());
                String item = event.itemId() == null ? "?" : event.itemId();
                lines.add(new Order.Line(item, titles.getOrDefault(item, item), Math.abs(event.quantity()), event.price()));
            }
            orders.add(new Order(entry.getKey(), placed, List.copyOf(lines), total));
        }
        orders.sort(Comparator.comparing(Order::placed).reversed().thenComparing(Order::id));
        return List.copyOf(orders);
    }

    /** Orders, newest first. */
    List<Order> orders() {
        return orders;
    }

    /** Returns (one per return invoice), newest first. */
    List<Order> returns() {
        return returns;
    }

    Optional<Order> latest() {
        return orders.stream().findFirst();
    }

    /** Returns recorded against items of {@code order}, placed after it. */
    List<Order> returnsOf(Order order) {
        Set<String> items = new HashSet<>();
        order.lines().forEach(l -> items.add(l.itemId()));
        return returns.stream().filter(r -> !r.placed().isBefore(order.placed())
                && r.lines().stream().anyMatch(l -> items.contains(l.itemId()))).toList();
    }

    /**
     * The order a message points at, if it points at one: its number, its month (and day), "latest"
     * or "previous", or a word of one of its item titles. Empty when the message names none, or
     * names something no order matches.
     */
    Optional<Order> referredTo(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        Matcher number = NUMBER.matcher(text.toUpperCase(Locale.ROOT));
        while (number.find()) {
            String id = number.group();
            Optional<Order> order = orders.stream().filter(o -> o.id().equalsIgnoreCase(id)).findFirst();
            if (order.isPresent()) {
                return order;
            }
        }
        Optional<Order> dated = byDate(text);
        if (dated.isPresent()) {
            return dated;
        }
        if (PREVIOUS.stream().anyMatch(text::contains)) {
            return orders.stream().skip(1).findFirst();
        }
        if (LATEST.stream().anyMatch(text::contains)) {
            return latest();
        }
        return byItemWord(text);
    }

    /** Whether the message names an order in any way we understand, matched or not (e.g. a month with no order). */
    boolean namesAnOrder(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return NUMBER.matcher(text).find() || monthIn(text) != null || CHINESE_MONTH.matcher(text).find();
    }

    private Optional<Order> byDate(String text) {
        Matcher day = DAY.matcher(text);
        while (day.find()) {
            Month month = month(day.group(2) != null ? day.group(2) : day.group(3));
            if (month != null) {
                int dayOfMonth = Integer.parseInt(day.group(1) != null ? day.group(1) : day.group(4));
                Optional<Order> order = latestIn(month, dayOfMonth);
                if (order.isPresent()) {
                    return order;
                }
            }
        }
        Month month = monthIn(text);
        if (month != null) {
            return latestIn(month, 0);
        }
        Matcher chinese = CHINESE_MONTH.matcher(text);
        if (chinese.find()) {
            int monthNumber = chineseNumber(chinese.group(1));
            int dayOfMonth = chinese.group(2) == null ? 0 : chineseNumber(chinese.group(2));
            if (monthNumber >= 1 && monthNumber <= 12) {
                return latestIn(Month.of(monthNumber), dayOfMonth);
            }
        }
        return Optional.empty();
    }

    /** The newest order placed in that month (and on that day, when day > 0), in the shop's time zone. */
    private Optional<Order> latestIn(Month month, int day) {
        return orders.stream().filter(o -> {
            LocalDate date = LocalDate.ofInstant(o.placed(), SHOP_ZONE);
            return date.getMonth() == month && (day <= 0 || date.getDayOfMonth() == day);
        }).findFirst();
    }

    private Optional<Order> byItemWord(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split("[^\\p{L}\\p{N}']+")) {
            if (word.length() > 3 && !STOP.contains(word)) {
                words.add(word);
            }
        }
        if (words.isEmpty()) {
            return Optional.empty();
        }
        for (Order order : orders) {
            for (Order.Line line : order.lines()) {
                String title = line.title().toLowerCase(Locale.ROOT);
                for (String word : words) {
                    if (title.matches(".*\\b" + Pattern.quote(word) + "s?\\b.*")) {
                        return Optional.of(order);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The month a message names, by full name or abbreviation ("nov", "sept"). "may" counts only
     * after "in", "from", "of", "since" or "during", since it is more often a verb ("may I ...").
     */
    private static Month monthIn(String text) {
        String[] words = text.split("[^a-z]+");
        for (int i = 0; i < words.length; i++) {
            Month month = month(words[i]);
            if (month == Month.MAY && (i == 0 || !MAY_CUES.contains(words[i - 1]))) {
                continue;
            }
            if (month != null) {
                return month;
            }
        }
        return null;
    }

    private static final Set<String> MAY_CUES = Set.of("in", "from", "of", "since", "during");

    private static Month month(String word) {
        if (word == null || word.length() < 3) {
            return null;
        }
        for (Month month : Month.values()) {
            String name = month.name().toLowerCase(Locale.ROOT);
            if (name.equals(word) || name.substring(0, 3).equals(word) || (month == Month.SEPTEMBER && word.equals("sept"))) {
                return month;
            }
        }
        return null;
    }

    private static int chineseNumber(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(text);
        }
        String digits = "一二三四五六七八九";
        if (text.startsWith("十")) {
            return 10 + (text.length() > 1 ? digits.indexOf(text.charAt(1)) + 1 : 0);
        }
        int tens = text.indexOf('十');
        if (tens > 0) {
            int rest = tens + 1 < text.length() ? digits.indexOf(text.charAt(tens + 1)) + 1 : 0;
            return (digits.indexOf(text.charAt(0)) + 1) * 10 + rest;
        }
        return digits.indexOf(text.charAt(0)) + 1;
    }
}
