package org.affinity.marketing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message template: text with {@code {{field}}} and {@code {{field|fallback}}} placeholders and one
 * kind of section, {@code {{#items}}...{{/items}}}, repeated for each recommended item. Parsed once
 * when a campaign is created, so a misspelt field is refused then (with its position), not discovered
 * in the messages of thousands of members.
 */
final class Template {

    /** Fields of the member and the send. */
    static final Set<String> MEMBER_FIELDS = Set.of("id", "name", "firstName", "lastName", "tier", "points", "country",
            "email", "phone", "locale", "date");
    /** Fields inside an items section. */
    static final Set<String> ITEM_FIELDS = Set.of("id", "title", "price", "url", "rank");
    private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([#/]?)([^}|]*?)\\s*(?:\\|([^}]*))?}}");
    private static final Pattern DATE = Pattern.compile("date(?:\\+(\\d{1,3}))?");
    private static final Pattern ATTRIBUTE = Pattern.compile("attributes\\.[A-Za-z0-9_.-]+");

    private sealed interface Node permits Text, Field, Items {
    }

    private record Text(String text) implements Node {
    }

    private record Field(String name, String fallback) implements Node {
    }

    private record Items(List<Node> body) implements Node {
    }

    /** What a template reads while it renders: a field's text, or null when the member has none. */
    interface Values {
        String member(String field);

        /** The recommended items, each a function from item field to text. */
        List<Function<String, String>> items();
    }

    private final List<Node> nodes;
    private final boolean usesItems;

    private Template(List<Node> nodes, boolean usesItems) {
        this.nodes = nodes;
        this.usesItems = usesItems;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the position and the problem
     */
    static Template parse(String source) {
        if (source == null) {
            return new Template(List.of(), false);
        }
        List<List<Node>> stack = new ArrayList<>();
        stack.add(new ArrayList<>());
        Matcher tag = TAG.matcher(source);
        int at = 0;
        boolean usesItems = false;
        while (tag.find()) {
            if (tag.start() > at) {
                stack.get(stack.size() - 1).add(new Text(source.substring(at, tag.start())));
            }
            String kind = tag.group(1);
            String name = tag.group(2).trim();
            String where = "position " + (tag.start() + 1) + " ('" + tag.group() + "')";
            if (kind.equals("#")) {
                if (!name.equals("items")) {
                    throw new IllegalArgumentException(where + ": the only section is {{#items}}...{{/items}}");
                }
                if (stack.size() > 1) {
                    throw new IllegalArgumentException(where + ": sections cannot be nested");
                }
                stack.add(new ArrayList<>());
                usesItems = true;
            } else if (kind.equals("/")) {
                if (!name.equals("items") || stack.size() == 1) {
                    throw new IllegalArgumentException(where + ": no {{#items}} is open here");
                }
                List<Node> body = stack.remove(stack.size() - 1);
                stack.get(stack.size() - 1).add(new Items(body));
            } else {
                boolean inItems = stack.size() > 1;
                if (!known(name, inItems)) {
                    throw new IllegalArgumentException(where + ": unknown field '" + name + "'; "
                            + (inItems ? "inside {{#items}}: " + String.join(", ", ITEM_FIELDS.stream().sorted().toList())
                                    + ", or a member field" : "")
                            + (inItems ? "" : "member fields: " + String.join(", ", MEMBER_FIELDS.stream().sorted().toList())
                                    + ", date+N, attributes.<name>"));
                }
                stack.get(stack.size() - 1).add(new Field(name, tag.group(3)));
            }
            at = tag.end();
        }
        if (stack.size() > 1) {
            throw new IllegalArgumentException("{{#items}} is not closed by {{/items}}");
        }
        String rest = source.substring(at);
        int stray = rest.indexOf("{{");
        if (stray >= 0) {
            throw new IllegalArgumentException("position " + (at + stray + 1) + ": '{{' without a matching '}}'");
        }
        if (!rest.isEmpty()) {
            stack.get(0).add(new Text(rest));
        }
        return new Template(List.copyOf(stack.get(0)), usesItems);
    }

    private static boolean known(String name, boolean inItems) {
        return (inItems && ITEM_FIELDS.contains(name)) || MEMBER_FIELDS.contains(name) || DATE.matcher(name).matches()
                || ATTRIBUTE.matcher(name).matches();
    }

    boolean usesItems() {
        return usesItems;
    }

    String render(Values values) {
        StringBuilder out = new StringBuilder();
        render(nodes, values, null, out);
        return out.toString();
    }

    private static void render(List<Node> nodes, Values values, Function<String, String> item, StringBuilder out) {
        for (Node node : nodes) {
            if (node instanceof Text text) {
                out.append(text.text());
            } else if (node instanceof Field field) {
                String value = item != null && ITEM_FIELDS.contains(field.name()) ? item.apply(field.name())
                        : values.member(field.name());
                if (value == null || value.isBlank()) {
                    value = field.fallback() == null ? "" : field.fallback();
                }
                out.append(value);
            } else if (node instanceof Items items) {
                for (Function<String, String> each : values.items()) {
                    render(items.body(), values, each, out);
                }
            }
        }
    }

    /** Days after the send date named by a date field ("date" 0, "date+7" 7), or -1 for other fields. */
    static int dateOffset(String field) {
        Matcher m = DATE.matcher(field);
        if (!m.matches()) {
            return -1;
        }
        return m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    }
}
