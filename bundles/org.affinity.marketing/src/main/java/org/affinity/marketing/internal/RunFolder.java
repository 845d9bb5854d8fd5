package org.affinity.marketing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * One run's durable record, in {@code <data>/marketing/runs/<campaign>/<run>/}:
 * <ul>
 * <li>{@code plan.ndjson}: the audience frozen when the run started (member, group, variant), written
 * whole before anything is sent;</li>
 * <li>{@code run.json}: the header (counts, state), replaced atomically on every change; a run exists
 * once it is there, so a crash before it leaves no half-made run;</li>
 * <li>{@code ledger.ndjson}: one line per treated member handled (sent, capped, failed), appended after
 * the hand-off, so a member with a line is never handed off again;</li>
 * <li>{@code dead-letter.ndjson}: messages the receiver refused or never took, with the last error.</li>
 * </ul>
 */
final class RunFolder {

    static final String RUN = "run.json";
    static final String PLAN = "plan.ndjson";
    static final String LEDGER = "ledger.ndjson";
    static final String DEAD_LETTER = "dead-letter.ndjson";

    private final Path dir;
    private volatile RunState state;
    private final List<PlanEntry> plan;
    private final Map<String, Outcome> outcomes;
    private AppendFile ledger;
    private AppendFile deadLetter;

    private RunFolder(Path dir, RunState state, List<PlanEntry> plan, Map<String, Outcome> outcomes) {
        this.dir = dir;
        this.state = state;
        this.plan = plan;
        this.outcomes = outcomes;
    }

    /** Writes a new run: the plan first, then the header that makes it exist. */
    static RunFolder create(Path dir, RunState state, List<PlanEntry> plan) throws IOException {
        Files.createDirectories(dir);
        StringBuilder lines = new StringBuilder();
        for (PlanEntry entry : plan) {
            lines.append(Json.MAPPER.writeValueAsString(entry)).append('\n');
        }
        writeAtomically(dir.resolve(PLAN), lines.toString());
        RunFolder folder = new RunFolder(dir, state, new ArrayList<>(plan), new LinkedHashMap<>());
        folder.save(state);
        return folder;
    }

    /** Reads a run, or returns null when its header is missing (a crash before the run existed). */
    static RunFolder load(Path dir) throws IOException {
        Path header = dir.resolve(RUN);
        if (!Files.exists(header)) {
            return null;
        }
        RunState state = Json.MAPPER.readValue(header.toFile(), RunState.class);
        List<PlanEntry> plan = new ArrayList<>();
        for (String line : AppendFile.RecordEnd.LINE.records(read(dir.resolve(PLAN)))) {
            plan.add(Json.MAPPER.readValue(line, PlanEntry.class));
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String line : AppendFile.RecordEnd.LINE.records(read(dir.resolve(LEDGER)))) {
            Outcome outcome = Json.MAPPER.readValue(line, Outcome.class);
            outcomes.putIfAbsent(outcome.m(), outcome);
        }
        return new RunFolder(dir, state, plan, outcomes);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    Path dir() {
        return dir;
    }

    RunState state() {
        return state;
    }

    synchronized void save(RunState newState) {
        try {
            writeAtomically(dir.resolve(RUN), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(newState));
            state = newState;
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + dir.resolve(RUN), e);
        }
    }

    synchronized List<PlanEntry> plan() {
        return List.copyOf(plan);
    }

    synchronized Map<String, Outcome> outcomes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    synchronized Outcome outcome(String memberId) {
        return outcomes.get(memberId);
    }

    /** Appends a member's outcome to the ledger (not synced: see {@link #force}). */
    synchronized void record(Outcome outcome) {
        if (outcomes.putIfAbsent(outcome.m(), outcome) != null) {
            return;
        }
        try {
            if (ledger == null) {
                ledger = AppendFile.open(dir.resolve(LEDGER), AppendFile.RecordEnd.LINE);
            }
            ledger.append(Json.MAPPER.writeValueAsString(outcome) + "\n");
        } catch (IOException e) {
            outcomes.remove(outcome.m());
            throw new UncheckedIOException("could not write the ledger of " + dir, e);
        }
    }

    synchronized void deadLetter(Message message, String error, int attempts) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("member", message.member());
        line.put("error", error);
        line.put("attempts", attempts);
        line.put("message", message);
        try {
            if (deadLetter == null) {
                deadLetter = AppendFile.open(dir.resolve(DEAD_LETTER), AppendFile.RecordEnd.LINE);
            }
            deadLetter.append(Json.MAPPER.writeValueAsString(line) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the dead-letter file of " + dir, e);
        }
    }

    /** Members in the dead-letter file (a crash may have come before their ledger line). */
    synchronized Set<String> deadLettered() throws IOException {
        Set<String> members = new HashSet<>();
        for (String line : AppendFile.RecordEnd.LINE.records(read(dir.resolve(DEAD_LETTER)))) {
            members.add(Json.MAPPER.readTree(line).path("member").asText());
        }
        return members;
    }

    /** Syncs the ledger and dead-letter file to disk. */
    synchronized void force() {
        if (ledger != null) {
            ledger.force();
        }
        if (deadLetter != null) {
            deadLetter.force();
        }
    }

    synchronized void close() throws IOException {
        if (ledger != null) {
            ledger.close();
            ledger = null;
        }
        if (deadLetter != null) {
            deadLetter.close();
            deadLetter = null;
        }
    }

    /**
     * Erasure: removes the member from the plan, the ledger and the dead-letter file, and from the
     * header's counts. Returns whether the run held them.
     */
    synchronized boolean erase(String memberId) throws IOException {
        PlanEntry entry = plan.stream().filter(e -> e.m().equals(memberId)).findFirst().orElse(null);
        boolean held = entry != null | outcomes.remove(memberId) != null;
        if (entry != null) {
            plan.remove(entry);
            StringBuilder lines = new StringBuilder();
            for (PlanEntry e : plan) {
                lines.append(Json.MAPPER.writeValueAsString(e)).append('\n');
            }
            writeAtomically(dir.resolve(PLAN), lines.toString());
            save(state.minusMember(entry.g()));
        }
        close();
        String quoted = Json.MAPPER.writeValueAsString(memberId);
        for (String file : List.of(LEDGER, DEAD_LETTER)) {
            Path path = dir.resolve(file);
            if (Files.exists(path)) {
                try (AppendFile append = AppendFile.open(path, AppendFile.RecordEnd.LINE)) {
                    held |= append.rewrite(AppendFile.RecordEnd.LINE, line -> mentions(line, quoted, memberId)) > 0;
                }
            }
        }
        return held;
    }

    /** Whether a ledger or dead-letter line is about the member (its "m" or "member" field). */
    private static boolean mentions(String line, String quoted, String memberId) {
        if (!line.contains(quoted)) {
            return false;
        }
        try {
            var node = Json.MAPPER.readTree(line);
            return memberId.equals(node.path("m").asText(null)) || memberId.equals(node.path("member").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
