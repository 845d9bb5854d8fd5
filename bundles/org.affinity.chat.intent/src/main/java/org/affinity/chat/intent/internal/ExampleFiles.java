package org.affinity.chat.intent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Labelled examples in files: CSV with a header (RFC 4180 quoting; the text column may be called
 * {@code text} or {@code utterance}, the intent column {@code intent} or {@code label}; other
 * columns are ignored, so a Bitext file reads as it is) or NDJSON ({@code {"text", "intent"}} per
 * line). Every example keeps its line (a CSV record's first line, counting the header); a file with
 * problems is refused as a whole, naming each.
 */
public final class ExampleFiles {

    public static final String CSV = "csv";
    public static final String NDJSON = "ndjson";

    private static final List<String> TEXT_COLUMNS = List.of("text", "utterance");
    private static final List<String> INTENT_COLUMNS = List.of("intent", "label");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleFiles() {
    }

    /** "csv" or "ndjson" from a file name, content type or format name; null when it says neither. */
    public static String format(String hint) {
        if (hint == null) {
            return null;
        }
        String lower = hint.toLowerCase(Locale.ROOT);
        if (lower.contains("ndjson") || lower.contains("jsonl") || lower.contains("json")) {
            return NDJSON;
        }
        if (lower.contains("csv") || lower.contains("comma-separated")) {
            return CSV;
        }
        return null;
    }

    /** The format of a body by its first character: '{' is NDJSON, anything else CSV. */
    public static String sniff(String content) {
        String start = content.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        return start.startsWith("{") ? NDJSON : CSV;
    }

    public static List<IntentExample> read(InputStream in, String format) throws IOException {
        return read(utf8(in.readAllBytes()), format);
    }

    /**
     * @param format "csv", "ndjson", or null to tell by the content
     * @throws RejectedException naming every bad line
     */
    public static List<IntentExample> read(String content, String format) {
        String kind = format == null ? sniff(content) : format(format);
        if (kind == null) {
            throw new IllegalArgumentException("unknown format '" + format + "': use csv or ndjson");
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        List<Rejection> rejections = new ArrayList<>();
        List<IntentExample> examples = kind.equals(CSV) ? csv(content, rejections) : ndjson(content, rejections);
        if (!rejections.isEmpty()) {
            throw new RejectedException("the examples were not read", rejections);
        }
        if (examples.isEmpty()) {
            throw new RejectedException("no examples", List.of(new Rejection(1, null,
                    kind.equals(CSV) ? "the CSV has no rows under its header" : "the NDJSON has no objects")));
        }
        return examples;
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedException("the examples were not read", List.of(new Rejection(0, null,
                    "the file is not UTF-8 text (save it as UTF-8)")));
        }
    }

    private static List<IntentExample> csv(String content, List<Rejection> rejections) {
        List<IntentExample> examples = new ArrayList<>();
        CsvRecords records = new CsvRecords(content);
        CsvRecords.Record header = records.next();
        if (header == null) {
            rejections.add(new Rejection(1, null, "the CSV is empty: it needs a header line naming the text and intent columns"));
            return examples;
        }
        int textColumn = column(header.fields(), TEXT_COLUMNS);
        int intentColumn = column(header.fields(), INTENT_COLUMNS);
        if (textColumn < 0 || intentColumn < 0) {
            String missing = textColumn < 0 && intentColumn < 0 ? "'text' and 'intent' columns"
                    : textColumn < 0 ? "'text' column (or 'utterance')" : "'intent' column (or 'label')";
            rejections.add(new Rejection(header.line(), textColumn < 0 ? "text" : "intent",
                    "the header has no " + missing + "; its columns are " + header.fields()));
            return examples;
        }
        int needed = Math.max(textColumn, intentColumn) + 1;
        for (CsvRecords.Record record = records.next(); record != null; record = records.next()) {
            if (record.error() != null) {
                rejections.add(new Rejection(record.line(), null, record.error()));
                break; // after an unclosed quote the rest of the file is one field: nothing more to say
            }
            if (record.fields().size() < needed) {
                rejections.add(new Rejection(record.line(), record.fields().size() <= textColumn ? "text" : "intent",
                        "has " + record.fields().size() + " column" + (record.fields().size() == 1 ? "" : "s") + ", the header "
                                + header.fields().size()));
                continue;
            }
            examples.add(new IntentExample(record.fields().get(textColumn), record.fields().get(intentColumn), record.line()));
        }
        return examples;
    }

    private static int column(List<String> header, List<String> names) {
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().equalsIgnoreCase(name)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static List<IntentExample> ndjson(String content, List<Rejection> rejections) {
        List<IntentExample> examples = new ArrayList<>();
        String[] lines = content.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node == null || !node.isObject()) {
                    rejections.add(new Rejection(i + 1, null, "not a JSON object"));
                    continue;
                }
                JsonNode text = field(node, TEXT_COLUMNS);
                JsonNode intent = field(node, INTENT_COLUMNS);
                if (text == null || !text.isTextual()) {
                    rejections.add(new Rejection(i + 1, "text", text == null ? "missing" : "must be a string"));
                } else if (intent == null || !intent.isTextual()) {
                    rejections.add(new Rejection(i + 1, "intent", intent == null ? "missing" : "must be a string"));
                } else {
                    examples.add(new IntentExample(text.asText(), intent.asText(), i + 1));
                }
            } catch (JsonProcessingException e) {
                rejections.add(new Rejection(i + 1, null, "malformed JSON: " + e.getOriginalMessage()));
            }
        }
        return examples;
    }

    private static JsonNode field(JsonNode node, List<String> names) {
        for (String name : names) {
            if (node.has(name)) {
                return node.get(name);
            }
        }
        return null;
    }

    /** Writes examples as CSV with the header {@code text,intent}, which {@link #read} reads back. */
    public static void writeCsv(List<IntentExample> examples, Writer out) throws IOException {
        out.write("text,intent\n");
        for (IntentExample example : examples) {
            out.write(quote(example.text()));
            out.write(',');
            out.write(quote(example.intent()));
            out.write('\n');
        }
    }

    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0
                && (field.isEmpty() || !Character.isWhitespace(field.charAt(0)))) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
