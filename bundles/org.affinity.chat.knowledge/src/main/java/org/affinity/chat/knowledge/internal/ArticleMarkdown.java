package org.affinity.chat.knowledge.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.affinity.api.chat.Article;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;

/**
 * Articles as Markdown files: an optional front matter block between {@code ---} lines with
 * {@code title}, {@code language}, {@code intents} and {@code tags} (a small, strict YAML subset:
 * scalars, quoted or not; lists as {@code [a, b]}, {@code a, b} or {@code - a} lines), then the text.
 * Every problem is reported at its line; unknown keys are refused, since a misspelt key would
 * otherwise lose its value without a word.
 */
final class ArticleMarkdown {

    private static final List<String> KEYS = List.of("title", "language", "intents", "tags");
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)\\s*:(?:\\s+(.*))?\\s*");
    private static final Pattern LIST_ITEM = Pattern.compile("\\s*-\\s+(.*)|\\s*-\\s*");
    private static final Pattern HEADING = Pattern.compile("#\\s+(.+?)\\s*#*\\s*");

    private ArticleMarkdown() {
    }

    /**
     * Reads an article; without a title in the front matter the first {@code # heading} is its title,
     * without a language it is detected from the text.
     *
     * @throws RejectedException naming the line of every problem
     */
    static Article parse(String id, String markdown, Instant updated) {
        List<Rejection> problems = new ArrayList<>();
        ArticleRules.add(problems, 1, "id", ArticleRules.id(id));
        String text = markdown == null ? "" : markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, Value> values = new LinkedHashMap<>();
        int bodyStart = 0;
        if (lines.length > 0 && lines[0].strip().equals("---")) {
            int end = closing(lines);
            if (end < 0) {
                problems.add(new Rejection(1, null, "the front matter opened here is never closed: end it with a '---' line"));
                throw rejected(id, problems);
            }
            readFrontMatter(lines, end, values, problems);
            bodyStart = end + 1;
        }
        int bodyLine = bodyStart;
        while (bodyLine < lines.length && lines[bodyLine].isBlank()) {
            bodyLine++;
        }
        String body = String.join("\n", java.util.Arrays.asList(lines).subList(Math.min(bodyLine, lines.length), lines.length)).strip();
        long firstBodyLine = Math.min(bodyLine, Math.max(0, lines.length - 1)) + 1L;

        Value title = values.get("title");
        String titleText = title == null ? heading(body) : title.scalar;
        ArticleRules.add(problems, title == null ? firstBodyLine : title.line, "title", ArticleRules.title(titleText));
        Value language = values.get("language");
        String code = language == null ? Languages.detect((titleText == null ? "" : titleText) + "\n" + body)
                : Languages.normalise(language.scalar);
        if (language != null) {
            ArticleRules.add(problems, language.line, "language", ArticleRules.language(language.scalar));
        }
        List<String> intents = list(values.get("intents"), "intents", problems);
        for (String intent : intents) {
            ArticleRules.add(problems, values.get("intents").line, "intents", ArticleRules.intent(intent));
        }
        List<String> tags = list(values.get("tags"), "tags", problems);
        for (String tag : tags) {
            ArticleRules.add(problems, values.get("tags").line, "tags", ArticleRules.tag(tag));
        }
        ArticleRules.add(problems, firstBodyLine, "body", ArticleRules.body(body));
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingLong(Rejection::line));
            throw rejected(id, problems);
        }
        return new Article(id, titleText.strip(), code, intents, tags, body, updated);
    }

    /** The file form of an article: front matter, a blank line, the text. */
    static String render(Article article) {
        StringBuilder text = new StringBuilder("---\n");
        text.append("title: ").append(quoted(article.title())).append('\n');
        text.append("language: ").append(article.language()).append('\n');
        if (!article.intents().isEmpty()) {
            text.append("intents: ").append(flowList(article.intents())).append('\n');
        }
        if (!article.tags().isEmpty()) {
            text.append("tags: ").append(flowList(article.tags())).append('\n');
        }
        return text.append("---\n\n").append(article.body().strip()).append('\n').toString();
    }

    /**
     * Fills what an article given as fields may leave out (the title from a leading heading, the
     * language from the text), trims, and checks it.
     *
     * @throws RejectedException naming every problem at {@code line}
     */
    static Article complete(Article article, long line) {
        String body = article.body() == null ? null : article.body().strip();
        String title = article.title() == null || article.title().isBlank() ? heading(body == null ? "" : body)
                : article.title().strip();
        String language = article.language() == null || article.language().isBlank()
                ? Languages.detect((title == null ? "" : title) + "\n" + (body == null ? "" : body))
                : article.language();
        Article completed = new Article(article.id(), title, language,
                article.intents().stream().map(String::strip).toList(),
                article.tags().stream().map(String::strip).toList(), body, article.updated());
        List<Rejection> problems = ArticleRules.problems(completed, line);
        if (!problems.isEmpty()) {
            throw rejected(article.id(), problems);
        }
        return new Article(completed.id(), completed.title(), Languages.normalise(language), completed.intents(),
                completed.tags(), body, completed.updated());
    }

    static RejectedException rejected(String id, List<Rejection> problems) {
        return new RejectedException("article '" + id + "' was not stored", problems);
    }

    private static int closing(String[] lines) {
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals("---") || line.equals("...")) {
                return i;
            }
        }
        return -1;
    }

    private static void readFrontMatter(String[] lines, int end, Map<String, Value> values, List<Rejection> problems) {
        Value open = null;   // a key whose value is a block list of "- item" lines
        for (int i = 1; i < end; i++) {
            long number = i + 1L;
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher item = LIST_ITEM.matcher(line);
            if (item.matches()) {
                if (open == null) {
                    problems.add(new Rejection(number, null, "a list item outside a list: write 'intents:' or 'tags:' on the line above"));
                } else {
                    open.items.add(item.group(1) == null ? "" : unquote(item.group(1).strip(), number, problems));
                }
                continue;
            }
            Matcher pair = KEY_VALUE.matcher(line);
            if (!pair.matches()) {
                problems.add(new Rejection(number, null, "expected 'key: value', was '" + abbreviate(line.strip()) + "'"));
                open = null;
                continue;
            }
            String key = pair.group(1).toLowerCase(java.util.Locale.ROOT);
            String raw = pair.group(2) == null ? "" : pair.group(2).strip();
            open = null;
            if (!KEYS.contains(key)) {
                String hint = key.equals("intent") ? " (did you mean 'intents'?)" : key.equals("tag") ? " (did you mean 'tags'?)" : "";
                problems.add(new Rejection(number, key, "unknown key '" + key + "'" + hint + "; the keys are " + KEYS));
                continue;
            }
            Value earlier = values.get(key);
            if (earlier != null) {
                problems.add(new Rejection(number, key, "'" + key + "' is given twice (first on line " + earlier.line + ")"));
                continue;
            }
            Value value = new Value(number);
            values.put(key, value);
            boolean isList = key.equals("intents") || key.equals("tags");
            if (isList) {
                if (raw.isEmpty()) {
                    open = value;
                } else {
                    value.items.addAll(flowItems(raw, key, number, problems));
                }
            } else {
                value.scalar = unquote(raw, number, problems);
            }
        }
    }

    private static List<String> list(Value value, String field, List<Rejection> problems) {
        if (value == null) {
            return List.of();
        }
        List<String> items = value.items.stream().filter(s -> !s.isBlank()).distinct().toList();
        ArticleRules.add(problems, value.line, field, ArticleRules.count(field, items));
        return items;
    }

    /** "[a, b]" or "a, b": items separated by commas outside quotes. */
    private static List<String> flowItems(String raw, String key, long line, List<Rejection> problems) {
        String inner = raw;
        if (raw.startsWith("[")) {
            if (!raw.endsWith("]")) {
                problems.add(new Rejection(line, key, "the list opened with '[' is not closed with ']' on this line"));
                return List.of();
            }
            inner = raw.substring(1, raw.length() - 1);
        }
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : inner.toCharArray()) {
            if (quote != 0) {
                current.append(c);
                if (c == quote && !(c == '"' && current.length() > 1 && current.charAt(current.length() - 2) == '\\')) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                current.append(c);
            } else if (c == ',') {
                items.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quote != 0) {
            problems.add(new Rejection(line, key, "a quote (" + quote + ") is not closed"));
            return List.of();
        }
        items.add(current.toString().strip());
        List<String> values = new ArrayList<>();
        for (String item : items) {
            if (!item.isEmpty()) {
                values.add(unquote(item, line, problems));
            }
        }
        return values;
    }

    private static String unquote(String raw, long line, List<Rejection> problems) {
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
            return raw.substring(1, raw.length() - 1).replace("''", "'");
        }
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            problems.add(new Rejection(line, null, "a quote (" + raw.charAt(0) + ") is not closed"));
        }
        return raw;
    }

    /** Quoted when the value would otherwise read differently (a colon, a comma in a list, a quote). */
    private static String quoted(String value) {
        boolean plain = !value.isEmpty() && value.equals(value.strip()) && value.chars().noneMatch(c -> ":#[]{},\"'&*!|>%@`".indexOf(c) >= 0)
                && !value.startsWith("-");
        return plain ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String flowList(List<String> values) {
        return "[" + String.join(", ", values.stream().map(ArticleMarkdown::quoted).toList()) + "]";
    }

    /** The first "# heading" of a text, or null. */
    static String heading(String body) {
        for (String line : body.split("\n")) {
            Matcher matcher = HEADING.matcher(line.strip());
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A front matter value and the line it was given on. */
    private static final class Value {
        final long line;
        String scalar;
        final List<String> items = new ArrayList<>();

        Value(long line) {
            this.line = line;
        }
    }
}
