package org.affinity.profile.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.affinity.api.profile.Rfm;

/**
 * A rule segment's condition: an expression over profile fields, compiled once and evaluated on
 * every profile change. Grammar (keywords in any case):
 *
 * <pre>
 * expr       := and ('or' and)*
 * and        := not ('and' not)*
 * not        := 'not' not | comparison
 * comparison := operand [op operand | ['not'] 'in' '(' literal (',' literal)* ')']
 * op         := == | = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * operand    := number | 'text' | "text" | true | false | field | function '(' 'text' ')' | '(' expr ')'
 * </pre>
 *
 * Types are checked when the rule is defined: unknown fields and functions, a text compared with a
 * number, an RFM segment name that does not exist, all fail with the column and what was expected.
 * A field without a value (no purchase yet: no RFM) makes its comparison false.
 */
final class Rule {

    enum Type {
        NUMBER, TEXT, BOOLEAN
    }

    /** What a rule reads: one member's state, under its monitor, with the current population. */
    record Context(MemberState state, ProfileBook book, Rfm rfm) {
        static Context of(MemberState state, ProfileBook book) {
            return new Context(state, book, book.population().rfm(state));
        }
    }

    private record Field(Type type, Function<Context, Object> value, String help) {
    }

    private record Fn(Type type, BiFunction<Context, String, Object> value, String help) {
    }

    private static final Map<String, Field> FIELDS = new TreeMap<>();
    private static final Map<String, Fn> FUNCTIONS = new TreeMap<>();

    static {
        field("rfm.segment", Type.TEXT, c -> c.rfm() == null ? null : c.rfm().segment(), "named RFM segment, e.g. 'At Risk'");
        field("rfm.r", Type.NUMBER, c -> c.rfm() == null || c.rfm().r() == 0 ? null : c.rfm().r(), "recency score 1-5");
        field("rfm.f", Type.NUMBER, c -> c.rfm() == null || c.rfm().f() == 0 ? null : c.rfm().f(), "frequency score 1-5");
        field("rfm.m", Type.NUMBER, c -> c.rfm() == null || c.rfm().m() == 0 ? null : c.rfm().m(), "monetary score 1-5");
        field("rfm.recency", Type.NUMBER, c -> c.rfm() == null || c.rfm().recencyDays() < 0 ? null : c.rfm().recencyDays(),
                "days since the last purchase");
        field("rfm.frequency", Type.NUMBER, c -> c.rfm() == null ? null : c.rfm().frequency(), "orders");
        field("rfm.monetary", Type.NUMBER, c -> c.rfm() == null ? null : c.rfm().monetary().doubleValue(), "net spend");
        field("country", Type.TEXT, c -> facts(c) == null ? null : facts(c).country(), "member's country");
        field("language", Type.TEXT, c -> facts(c) == null ? null : facts(c).language(), "member's language");
        field("events", Type.NUMBER, c -> c.state().events, "events of any type");
        field("purchases", Type.NUMBER, c -> c.state().purchaseLines, "purchase lines");
        field("orders", Type.NUMBER, c -> c.state().orders(), "distinct orders");
        field("returns", Type.NUMBER, c -> c.state().returnLines, "return lines");
        field("returns_ratio", Type.NUMBER, c -> c.state().purchasedUnits == 0 ? null
                : (double) c.state().returnedUnits / c.state().purchasedUnits, "returned units / purchased units");
        field("cadence_days", Type.NUMBER, c -> nan(c.state().cadenceDays()), "mean days between orders");
        field("mean_unit_price", Type.NUMBER, c -> nan(c.state().meanUnitPrice()), "geometric mean unit price paid");
        field("price_band", Type.TEXT, c -> c.book().population().priceBand(c.state()), "'budget', 'mid' or 'premium'");
        field("has_vector", Type.BOOLEAN, c -> c.state().model != null, "whether the member has a vector");
        function("affinity", (c, x) -> Math.max(keyword(c, x), category(c, x)),
                "share of interest in a keyword or category, 0-1");
        function("keyword", Rule::keyword, "share of interest in a keyword, 0-1");
        function("category", Rule::category, "share of interest in a category path (or its last part), 0-1");
        function("item", (c, x) -> c.state().itemShare(x), "share of interest in an item id, 0-1");
        function("channel", (c, x) -> {
            int n = c.state().channelEvents(x);
            return n == 0 || c.state().events == 0 ? 0.0 : (double) n / c.state().events;
        }, "share of events in a channel, 0-1");
    }

    private static void field(String name, Type type, Function<Context, Object> value, String help) {
        FIELDS.put(name, new Field(type, value, help));
    }

    private static void function(String name, BiFunction<Context, String, Object> value, String help) {
        FUNCTIONS.put(name, new Fn(Type.NUMBER, value, help));
    }

    private static Directory.Facts facts(Context c) {
        return c.book().directory.get(c.state().id);
    }

    private static Object nan(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static double keyword(Context c, String word) {
        return c.state().termShare(word.toLowerCase(Locale.ROOT).trim(), c.book().catalogue);
    }

    private static double category(Context c, String path) {
        String wanted = path.trim().toLowerCase(Locale.ROOT);
        double best = 0;
        for (Map.Entry<String, Double> e : c.state().categories(c.book().catalogue).entrySet()) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals(wanted) || lower.endsWith("/" + wanted)) {
                best = Math.max(best, c.state().share(e.getValue()));
            }
        }
        return best;
    }

    /** Fields and functions with their meaning, for error messages and help. */
    static Map<String, String> vocabulary() {
        Map<String, String> all = new TreeMap<>();
        FIELDS.forEach((name, f) -> all.put(name, f.type().name().toLowerCase(Locale.ROOT) + ": " + f.help()));
        FUNCTIONS.forEach((name, f) -> all.put(name + "('...')", "number: " + f.help()));
        return all;
    }

    // --- compiled form ------------------------------------------------------------------------

    private interface Node {
        Type type();

        Object eval(Context context);
    }

    private final String source;
    private final Node root;

    private Rule(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    String source() {
        return source;
    }

    boolean matches(Context context) {
        return Boolean.TRUE.equals(root.eval(context));
    }

    /**
     * Compiles a rule.
     *
     * @throws IllegalArgumentException saying at which column what is wrong
     */
    static Rule compile(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("the rule is empty: write a condition such as rfm.segment == 'Champions'");
        }
        Parser parser = new Parser(source);
        Node root = parser.expression();
        parser.expectEnd();
        if (root.type() != Type.BOOLEAN) {
            throw new IllegalArgumentException("the rule must be a condition (true or false), not a "
                    + root.type().name().toLowerCase(Locale.ROOT) + ": compare it, e.g. ... > 0.3");
        }
        return new Rule(source, root);
    }

    // --- parser -------------------------------------------------------------------------------

    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private int next;

        private record Token(String kind, String text, int column) {
        }

        Parser(String text) {
            this.text = text;
            this.tokens = tokenize(text);
        }

        Node expression() {
            Node left = and();
            while (keyword("or")) {
                Node l = left;
                Node r = bool(and(), "or");
                bool(l, "or");
                left = node(Type.BOOLEAN, c -> Boolean.TRUE.equals(l.eval(c)) || Boolean.TRUE.equals(r.eval(c)));
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (keyword("and")) {
                Node l = left;
                Node r = bool(not(), "and");
                bool(l, "and");
                left = node(Type.BOOLEAN, c -> Boolean.TRUE.equals(l.eval(c)) && Boolean.TRUE.equals(r.eval(c)));
            }
            return left;
        }

        private Node not() {
            if (keyword("not")) {
                Node inner = bool(not(), "not");
                return node(Type.BOOLEAN, c -> !Boolean.TRUE.equals(inner.eval(c)));
            }
            return comparison();
        }

        private Node comparison() {
            Token start = peek();
            Node left = operand();
            boolean negated = false;
            if (peekKeyword("not") && peekKeyword(1, "in")) {
                next++;
                negated = true;
            }
            if (keyword("in")) {
                return in(left, negated, start);
            }
            Token op = peek();
            if (op == null || !op.kind().equals("op")) {
                return left;
            }
            next++;
            Node right = operand();
            return compare(left, op, right);
        }

        private Node in(Node left, boolean negated, Token start) {
            expect("(");
            List<Object> values = new ArrayList<>();
            do {
                Token token = peek();
                Node literal = operand();
                if (!(literal instanceof Literal)) {
                    throw error(token, "expected a literal value in the list");
                }
                sameType(left, literal, token);
                values.add(checkedLiteral(left, (Literal) literal, token));
            } while (symbol(","));
            expect(")");
            boolean segment = left instanceof FieldNode f && f.name.equals("rfm.segment");
            boolean not = negated;
            return node(Type.BOOLEAN, c -> {
                Object value = left.eval(c);
                if (value == null) {
                    return false;
                }
                boolean found = values.stream().anyMatch(v -> equal(value, v, segment));
                return found != not;
            });
        }

        private Node compare(Node left, Token op, Node right) {
            sameType(left, right, op);
            boolean segment = (left instanceof FieldNode f && f.name.equals("rfm.segment"))
                    || (right instanceof FieldNode g && g.name.equals("rfm.segment"));
            if (right instanceof Literal literal) {
                checkedLiteral(left, literal, op);
            }
            if (left instanceof Literal literal) {
                checkedLiteral(right, literal, op);
            }
            String o = op.text();
            if (left.type() != Type.NUMBER && !List.of("==", "=", "!=", "<>").contains(o)) {
                throw error(op, "'" + o + "' compares numbers; " + left.type().name().toLowerCase(Locale.ROOT)
                        + " values can only be compared with == or !=");
            }
            return node(Type.BOOLEAN, c -> {
                Object a = left.eval(c);
                Object b = right.eval(c);
                if (a == null || b == null) {
                    return false;
                }
                switch (o) {
                    case "==", "=":
                        return equal(a, b, segment);
                    case "!=", "<>":
                        return !equal(a, b, segment);
                    default:
                        int cmp = Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
                        return switch (o) {
                            case "<" -> cmp < 0;
                            case "<=" -> cmp <= 0;
                            case ">" -> cmp > 0;
                            default -> cmp >= 0;
                        };
                }
            });
        }

        private Object checkedLiteral(Node field, Literal literal, Token at) {
            if (field instanceof FieldNode f && f.name.equals("rfm.segment") && literal.value instanceof String name
                    && RfmGrid.canonical(name) == null) {
                throw error(at, "unknown RFM segment '" + name + "' (known: " + String.join(", ", RfmGrid.NAMES) + ")");
            }
            if (field instanceof FieldNode f && f.name.equals("price_band") && literal.value instanceof String band
                    && !List.of("budget", "mid", "premium").contains(band)) {
                throw error(at, "unknown price band '" + band + "' (known: budget, mid, premium)");
            }
            return literal.value;
        }

        private static boolean equal(Object a, Object b, boolean segment) {
            if (a instanceof Number x && b instanceof Number y) {
                return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
            }
            if (a instanceof String x && b instanceof String y) {
                return segment ? RfmGrid.key(x).equals(RfmGrid.key(y)) : x.equalsIgnoreCase(y);
            }
            return Objects.equals(a, b);
        }

        private void sameType(Node left, Node right, Token at) {
            if (left.type() != right.type()) {
                throw error(at, "cannot compare a " + left.type().name().toLowerCase(Locale.ROOT) + " with a "
                        + right.type().name().toLowerCase(Locale.ROOT));
            }
        }

        private Node bool(Node node, String operator) {
            if (node.type() != Type.BOOLEAN) {
                throw new IllegalArgumentException("'" + operator + "' joins conditions, but one side is a "
                        + node.type().name().toLowerCase(Locale.ROOT) + " (compare it, e.g. ... > 0.3)");
            }
            return node;
        }

        private Node operand() {
            Token token = peek();
            if (token == null) {
                throw new IllegalArgumentException("the rule ends too early (column " + (text.length() + 1)
                        + "): expected a field, a value or '('");
            }
            next++;
            switch (token.kind()) {
                case "number":
                    return new Literal(Type.NUMBER, Double.parseDouble(token.text()));
                case "text":
                    return new Literal(Type.TEXT, token.text());
                case "(": {
                    Node inner = expression();
                    expect(")");
                    return inner;
                }
                case "name":
                    return name(token);
                default:
                    throw error(token, "expected a field, a value or '(' but found '" + token.text() + "'");
            }
        }

        private Node name(Token token) {
            String name = token.text().toLowerCase(Locale.ROOT);
            if (name.equals("true") || name.equals("false")) {
                return new Literal(Type.BOOLEAN, Boolean.valueOf(name));
            }
            if (symbol("(")) {
                Fn fn = FUNCTIONS.get(name);
                if (fn == null) {
                    throw error(token, "unknown function '" + token.text() + "'" + suggestion(name, FUNCTIONS.keySet())
                            + " (functions: " + String.join(", ", FUNCTIONS.keySet()) + ")");
                }
                Token argument = peek();
                if (argument == null || !argument.kind().equals("text")) {
                    throw error(argument == null ? token : argument, name + "(...) takes one quoted text, e.g. "
                            + name + "('christmas')");
                }
                next++;
                expect(")");
                String value = argument.text();
                return node(fn.type(), c -> fn.value().apply(c, value));
            }
            Field field = FIELDS.get(name);
            if (field == null) {
                throw error(token, "unknown field '" + token.text() + "'" + suggestion(name, FIELDS.keySet())
                        + " (fields: " + String.join(", ", FIELDS.keySet()) + ")");
            }
            return new FieldNode(name, field);
        }

        private void expectEnd() {
            Token token = peek();
            if (token != null) {
                throw error(token, "unexpected '" + token.text() + "': join conditions with 'and' or 'or'");
            }
        }

        private void expect(String symbol) {
            Token token = peek();
            if (token == null || !token.kind().equals(symbol)) {
                throw token == null
                        ? new IllegalArgumentException("the rule ends too early: expected '" + symbol + "'")
                        : error(token, "expected '" + symbol + "' but found '" + token.text() + "'");
            }
            next++;
        }

        private boolean symbol(String symbol) {
            Token token = peek();
            if (token != null && token.kind().equals(symbol)) {
                next++;
                return true;
            }
            return false;
        }

        private boolean keyword(String word) {
            if (peekKeyword(word)) {
                next++;
                return true;
            }
            return false;
        }

        private boolean peekKeyword(String word) {
            return peekKeyword(0, word);
        }

        private boolean peekKeyword(int ahead, String word) {
            Token token = next + ahead < tokens.size() ? tokens.get(next + ahead) : null;
            return token != null && token.kind().equals("name") && token.text().equalsIgnoreCase(word);
        }

        private Token peek() {
            return next < tokens.size() ? tokens.get(next) : null;
        }

        private IllegalArgumentException error(Token token, String message) {
            return new IllegalArgumentException("column " + token.column() + ": " + message);
        }

        private static List<Token> tokenize(String text) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                int column = i + 1;
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'' || c == '"') {
                    int end = text.indexOf(c, i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("column " + column + ": text is not closed: missing " + c);
                    }
                    tokens.add(new Token("text", text.substring(i + 1, end), column));
                    i = end + 1;
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))
                        || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                    int end = i + 1;
                    while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                        end++;
                    }
                    String number = text.substring(i, end);
                    try {
                        Double.parseDouble(number);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("column " + column + ": '" + number + "' is not a number");
                    }
                    tokens.add(new Token("number", number, column));
                    i = end;
                } else if (Character.isLetter(c) || c == '_') {
                    int end = i + 1;
                    while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                            || text.charAt(end) == '.')) {
                        end++;
                    }
                    tokens.add(new Token("name", text.substring(i, end), column));
                    i = end;
                } else if ("()".indexOf(c) >= 0 || c == ',') {
                    tokens.add(new Token(String.valueOf(c), String.valueOf(c), column));
                    i++;
                } else if ("=!<>".indexOf(c) >= 0) {
                    String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                    String op = List.of("==", "!=", "<=", ">=", "<>").contains(two) ? two : String.valueOf(c);
                    if (op.equals("!")) {
                        throw new IllegalArgumentException("column " + column + ": use '!=' or 'not'");
                    }
                    tokens.add(new Token("op", op, column));
                    i += op.length();
                } else {
                    throw new IllegalArgumentException("column " + column + ": unexpected character '" + c + "'");
                }
            }
            return tokens;
        }

        private static Node node(Type type, Function<Context, Object> eval) {
            return new Node() {
                @Override
                public Type type() {
                    return type;
                }

                @Override
                public Object eval(Context context) {
                    return eval.apply(context);
                }
            };
        }
    }

    private record Literal(Type type, Object value) implements Node {
        @Override
        public Object eval(Context context) {
            return value;
        }
    }

    private record FieldNode(String name, Field field) implements Node {
        @Override
        public Type type() {
            return field.type();
        }

        @Override
        public Object eval(Context context) {
            return field.value().apply(context);
        }
    }

    /** "; did you mean 'country'?" for a near miss, else "". */
    static String suggestion(String name, java.util.Collection<String> known) {
        return known.stream().min(Comparator.comparingInt(k -> distance(name, k)))
                .filter(best -> distance(name, best) <= Math.max(2, name.length() / 3))
                .map(best -> "; did you mean '" + best + "'?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
