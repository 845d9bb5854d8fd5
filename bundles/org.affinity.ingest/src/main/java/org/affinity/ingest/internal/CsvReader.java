package org.affinity.ingest.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: quoted fields may hold the delimiter, doubled quotes and line breaks. Knows the
 * physical line each record starts on, so rejections can name it. A leading byte-order mark is
 * dropped.
 */
final class CsvReader {

    /** A record and the 1-based line it starts on. */
    record Row(long line, List<String> fields) {
    }

    /** A record the reader could not read (an unterminated quote). */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;

        Malformed(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private boolean started;

    CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next record, or null at the end. Blank lines are skipped. */
    Row next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long start;
        int c;
        do {
            start = line;
            c = read();
            if (c == -1) {
                return null;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            if (c == '\n' || c == '\r') {
                line++;
            }
        } while (c == '\n' || c == '\r');

        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new Malformed(start, "a quoted field opened on line " + start + " is never closed");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r' || c == -1) {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c != -1) {
                    line++;
                }
                fields.add(field.toString());
                return new Row(start, fields);
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        position = 0;
        limit = 0;
        while (limit == 0) {
            int count = in.read(buffer, 0, buffer.length);
            if (count < 0) {
                return false;
            }
            limit = count;
            if (!started && count > 0) {
                started = true;
                if (buffer[0] == '\uFEFF') {
                    position = 1;
                    if (limit == 1) {
                        limit = 0;
                        position = 0;
                    }
                }
            }
        }
        return true;
    }
}
