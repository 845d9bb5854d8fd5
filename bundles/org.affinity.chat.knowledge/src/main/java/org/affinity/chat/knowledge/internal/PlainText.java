package org.affinity.chat.knowledge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown lines as the plain text a chat quotes and a model embeds: emphasis and code marks gone,
 * links as "text (address)", list markers kept, table rows as "header: cell; header: cell".
 */
final class PlainText {

    private static final String ESCAPABLE = "\\`*_{}[]()#+-.!|>";
    private static final Pattern ESCAPED = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>])");
    /** Private-use characters standing in for escaped marks while the patterns run. */
    private static final char HIDDEN = '\uE000';
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?://|mailto:)[^>\\s]+)>");
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9-]*(\\s[^<>]*)?/?>");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
    /** Single '*' or '_' emphasis; '_' only at word edges, so intent names like track_order stay whole. */
    private static final Pattern EMPHASIS = Pattern.compile("\\*(?=\\S)(.+?)(?<=\\S)\\*|(?<![\\w])_(?=\\S)(.+?)(?<=\\S)_(?![\\w])");
    private static final Pattern CODE = Pattern.compile("`+([^`]+)`+");
    private static final Pattern BULLET = Pattern.compile("\\s*[-*+]\\s+(.*)");
    private static final Pattern NUMBERED = Pattern.compile("\\s*(\\d{1,3})[.)]\\s+(.*)");
    private static final Pattern QUOTE = Pattern.compile("\\s*>\\s?(.*)");
    private static final Pattern TABLE_RULE = Pattern.compile("\\|?\\s*:?-{2,}:?\\s*(\\|\\s*:?-{2,}:?\\s*)*\\|?");

    private PlainText() {
    }

    /** One line of running text. */
    static String inline(String markdown) {
        // Escaped marks (\\*, \\_, ...) stand for themselves: hide them from the patterns below.
        String text = ESCAPED.matcher(markdown).replaceAll(m -> Matcher.quoteReplacement(
                String.valueOf((char) (HIDDEN + ESCAPABLE.indexOf(m.group(1).charAt(0))))));
        text = IMAGE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        text = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1).equals(m.group(2)) || m.group(2).equals("mailto:" + m.group(1)) ? m.group(1)
                        : m.group(1) + " (" + m.group(2).replaceFirst("^mailto:", "") + ")"));
        text = AUTOLINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1).replaceFirst("^mailto:", "")));
        text = CODE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        text = TAG.matcher(text).replaceAll("");
        text = STRONG.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
        text = EMPHASIS.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null ? m.group(1) : m.group(2)));
        StringBuilder shown = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            shown.append(c >= HIDDEN && c < HIDDEN + ESCAPABLE.length() ? ESCAPABLE.charAt(c - HIDDEN) : c);
        }
        text = shown.toString();
        return text.replaceAll("[ \\t]+", " ").strip();
    }

    /** A block of Markdown lines (a paragraph, a list, a table, a quote) as plain lines. */
    static List<String> block(List<String> lines) {
        if (!lines.isEmpty() && lines.get(0).strip().startsWith("|")) {
            return table(lines);
        }
        List<String> plain = new ArrayList<>();
        StringBuilder running = new StringBuilder();
        for (String line : lines) {
            Matcher bullet = BULLET.matcher(line);
            Matcher numbered = NUMBERED.matcher(line);
            Matcher quote = QUOTE.matcher(line);
            String item = bullet.matches() ? "- " + inline(bullet.group(1))
                    : numbered.matches() ? numbered.group(1) + ". " + inline(numbered.group(2)) : null;
            if (item != null) {
                flush(running, plain);
                running.append(item);
            } else {
                String text = inline(quote.matches() ? quote.group(1) : line);
                if (!text.isEmpty()) {
                    // A wrapped line continues the sentence (or the list item) above it.
                    running.append(running.length() == 0 ? "" : " ").append(text);
                }
            }
        }
        flush(running, plain);
        return plain;
    }

    private static void flush(StringBuilder running, List<String> plain) {
        if (running.length() > 0) {
            plain.add(running.toString());
            running.setLength(0);
        }
    }

    /** Rows after the header as "header: cell; header: cell"; a table without a rule line keeps its cells. */
    private static List<String> table(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        boolean ruled = false;
        for (String line : lines) {
            if (TABLE_RULE.matcher(line.strip()).matches()) {
                ruled = rows.size() == 1;
                continue;
            }
            rows.add(cells(line));
        }
        List<String> plain = new ArrayList<>();
        if (!ruled) {
            rows.forEach(row -> plain.add(String.join("; ", row)));
            return plain;
        }
        List<String> header = rows.get(0);
        for (List<String> row : rows.subList(1, rows.size())) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String name = i < header.size() ? header.get(i) : "";
                if (!row.get(i).isEmpty()) {
                    pairs.add(name.isEmpty() ? row.get(i) : name + ": " + row.get(i));
                }
            }
            plain.add(String.join("; ", pairs));
        }
        return plain;
    }

    private static List<String> cells(String line) {
        String row = line.strip();
        row = row.startsWith("|") ? row.substring(1) : row;
        row = row.endsWith("|") && !row.endsWith("\\|") ? row.substring(0, row.length() - 1) : row;
        List<String> cells = new ArrayList<>();
        for (String cell : row.split("(?<!\\\\)\\|", -1)) {
            cells.add(inline(cell.replace("\\|", "|")));
        }
        return cells;
    }
}
