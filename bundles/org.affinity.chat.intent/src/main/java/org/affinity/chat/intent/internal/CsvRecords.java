package org.affinity.chat.intent.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of CSV text (RFC 4180: a field in double quotes may hold commas, doubled quotes and
 * line breaks), each with the line it starts on. Blank lines are skipped. An unclosed quote ends the
 * records with an error naming the line where the field opened.
 */
final class CsvRecords {

    /** Fields of a record and its first line; or, with {@code error}, why it could not be read. */
    record Record(long line, List<String> fields, String error) {
    }

    private final String text;
    private int at;
    private long line = 1;

    CsvRecords(String text) {
        this.text = text;
    }

    /** The next record, or null after the last. */
    Record next() {
        while (at < text.length() && isBreak(text.charAt(at))) {
            skipBreak();
        }
        if (at >= text.length()) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (at < text.length() && text.charAt(at) == '"' && field.length() == 0) {
                long opened = line;
                at++;
                while (true) {
                    if (at >= text.length()) {
                        return new Record(opened, fields, "a quoted field opened on this line is never closed");
                    }
                    char c = text.charAt(at);
                    if (c == '"') {
                        if (at + 1 < text.length() && text.charAt(at + 1) == '"') {
                            field.append('"');
                            at += 2;
                            continue;
                        }
                        at++;
                        break;
                    }
                    if (isBreak(c)) {
                        field.append(c == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n' ? "" : "\n");
                        countBreak();
                        continue;
                    }
                    field.append(c);
                    at++;
                }
            }
            // Unquoted characters (or what follows a closing quote) up to the comma or the line's end.
            while (at < text.length() && text.charAt(at) != ',' && !isBreak(text.charAt(at))) {
                field.append(text.charAt(at++));
            }
            fields.add(field.toString());
            field.setLength(0);
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
                continue;
            }
            if (at < text.length()) {
                skipBreak();
            }
            return new Record(start, fields, null);
        }
    }

    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /** Steps over one line break (\r\n, \n or \r) and counts it. */
    private void skipBreak() {
        if (text.charAt(at) == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n') {
            at++;
        }
        at++;
        line++;
    }

    /** Inside quotes: steps over one character of a line break; counts the break once. */
    private void countBreak() {
        char c = text.charAt(at);
        at++;
        if (c == '\n' || at >= text.length() || text.charAt(at) != '\n') {
            line++;
        }
    }
}
