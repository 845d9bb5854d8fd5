package org.affinity.marketing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Messages appended to a file in the outbox, one record per message: NDJSON (a JSON object per line)
 * or CSV (RFC 4180, a header line, fields with commas, quotes or newlines quoted). The file itself is
 * the record of who was handed off: a resumed run reads it back, so a crash between writing a message
 * and writing its ledger line never sends that member twice.
 */
final class FileHandOff implements HandOff {

    private final AppendFile file;
    private final boolean csv;
    private final int run;

    private FileHandOff(AppendFile file, boolean csv, int run) {
        this.file = file;
        this.csv = csv;
        this.run = run;
    }

    static FileHandOff open(Path path, String format, int run) throws IOException {
        boolean csv = "csv".equalsIgnoreCase(format);
        AppendFile file = AppendFile.open(path, csv ? AppendFile.RecordEnd.CSV : AppendFile.RecordEnd.LINE);
        FileHandOff handOff = new FileHandOff(file, csv, run);
        if (csv && file.size() == 0) {
            file.append(csvRecord(Message.CSV_COLUMNS));
        }
        return handOff;
    }

    @Override
    public Set<String> delivered() throws IOException {
        return members(file.path(), csv, run);
    }

    /** The members of {@code run} in a hand-off file. */
    static Set<String> members(Path path, boolean csv, int run) throws IOException {
        Set<String> members = new HashSet<>();
        if (!Files.exists(path)) {
            return members;
        }
        String text = Files.readString(path, StandardCharsets.UTF_8);
        List<String> records = (csv ? AppendFile.RecordEnd.CSV : AppendFile.RecordEnd.LINE).records(text);
        for (int i = csv ? 1 : 0; i < records.size(); i++) {
            String member = member(records.get(i), csv, run);
            if (member != null) {
                members.add(member);
            }
        }
        return members;
    }

    /** The member a record is for, when it belongs to {@code run} (any run when run is 0); else null. */
    static String member(String record, boolean csv, int run) {
        if (csv) {
            List<String> fields = Csv.parse(record);
            if (fields.size() < 3 || fields.get(0).equals("member")) {
                return null;
            }
            return run == 0 || fields.get(2).equals(String.valueOf(run)) ? fields.get(0) : null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(record);
            return run == 0 || node.path("run").asInt() == run ? node.path("member").asText(null) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void deliver(Message message) {
        try {
            file.append(csv ? csvRecord(message.csvValues()) : Json.MAPPER.writeValueAsString(message) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvRecord(List<String> values) {
        return Csv.format(values) + "\n";
    }

    @Override
    public void force() {
        file.force();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** Erasure while this hand-off writes the file: the rewrite goes through the writer's own channel. */
    int erase(String memberId) throws IOException {
        AppendFile.RecordEnd end = csv ? AppendFile.RecordEnd.CSV : AppendFile.RecordEnd.LINE;
        return file.rewrite(end, record -> memberId.equals(member(record, csv, 0)));
    }

    /** Erasure: rewrites a hand-off file without the member's records. Returns how many went. */
    static int erase(Path path, String format, String memberId) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        boolean csv = "csv".equalsIgnoreCase(format);
        AppendFile.RecordEnd end = csv ? AppendFile.RecordEnd.CSV : AppendFile.RecordEnd.LINE;
        try (AppendFile file = AppendFile.open(path, end)) {
            return file.rewrite(end, record -> memberId.equals(member(record, csv, 0)));
        }
    }
}
