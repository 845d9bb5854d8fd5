package org.affinity.ingest.internal;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Rows of a CSV or NDJSON file, plain or gzip (told apart by the content, not the name). Each row is
 * a map of column (or JSON field) to value, with the line it starts on. A row that cannot be read
 * (bad JSON, wrong number of CSV fields) comes back as a {@link Row} with an error instead.
 */
public final class Source implements Closeable {

    public enum Format {
        CSV, NDJSON
    }

    public record Row(long line, Map<String, Object> values, String error) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private final Format format;
    private final CsvReader csv;
    private final List<String> header;
    private long line;

    private Source(BufferedReader reader, Format format, char delimiter) throws IOException {
        this.reader = reader;
        this.format = format;
        if (format == Format.CSV) {
            csv = new CsvReader(reader, delimiter);
            CsvReader.Row first = csv.next();
            if (first == null) {
                throw new IOException("the file is empty: a CSV file needs a header line");
            }
            header = first.fields().stream().map(String::trim).toList();
            if (header.stream().distinct().count() != header.size()) {
                throw new IOException("the CSV header names a column twice: " + header);
            }
        } else {
            csv = null;
            header = List.of();
        }
    }

    /**
     * Opens a file.
     *
     * @param format CSV, NDJSON, or null to decide by the name (.csv, .tsv, .ndjson, .jsonl, .json,
     *        after .gz) and else by the first character
     * @param delimiter CSV delimiter, or 0 for ',' (tab for .tsv)
     */
    public static Source open(Path file, Format format, char delimiter) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] magic = in.readNBytes(2);
        in.unread(magic);
        InputStream content = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
                ? new GZIPInputStream(in, 1 << 16) : in;
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
        if (format == null) {
            format = guess(name, reader);
        }
        char separator = delimiter != 0 ? delimiter : name.endsWith(".tsv") ? '\t' : ',';
        try {
            return new Source(reader, format, separator);
        } catch (IOException e) {
            reader.close();
            throw e;
        }
    }

    private static Format guess(String name, BufferedReader reader) throws IOException {
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return Format.CSV;
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) {
            return Format.NDJSON;
        }
        reader.mark(4096);
        int c;
        do {
            c = reader.read();
        } while (c == '\uFEFF' || (c != -1 && Character.isWhitespace(c)));
        reader.reset();
        return c == '{' ? Format.NDJSON : Format.CSV;
    }

    Format format() {
        return format;
    }

    List<String> header() {
        return header;
    }

    /** The next row, or null at the end of the file. */
    public Row next() throws IOException {
        return format == Format.CSV ? nextCsv() : nextJson();
    }

    private Row nextCsv() throws IOException {
        CsvReader.Row row;
        try {
            row = csv.next();
        } catch (CsvReader.Malformed e) {
            return new Row(e.line, Map.of(), e.getMessage());
        }
        if (row == null) {
            return null;
        }
        if (row.fields().size() != header.size()) {
            return new Row(row.line(), Map.of(), "has " + row.fields().size() + " fields, the header has " + header.size());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            values.put(header.get(i), row.fields().get(i));
        }
        return new Row(row.line(), values, null);
    }

    @SuppressWarnings("unchecked")
    private Row nextJson() throws IOException {
        String text;
        do {
            text = reader.readLine();
            line++;
            if (text == null) {
                return null;
            }
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        } while (text.isBlank());
        try {
            Object value = JSON.readValue(text, Object.class);
            if (!(value instanceof Map)) {
                return new Row(line, Map.of(), "is not a JSON object");
            }
            return new Row(line, (Map<String, Object>) value, null);
        } catch (JsonProcessingException e) {
            return new Row(line, Map.of(), "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
