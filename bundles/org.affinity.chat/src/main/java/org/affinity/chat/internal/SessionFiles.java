package org.affinity.chat.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Sessions on disk: {@code <folder>/<member>/<session id>.json}, one folder per member (named by a
 * hash of the member id, so any id is a safe file name, and erasure is one folder) and
 * {@code anonymous/} for visitors. Each write replaces the whole file atomically (sessions are
 * short). An index from session id to file is built from file names at start (no file is read), and
 * {@code handoff/<session id>} marks the sessions waiting for a person, so the queue is rebuilt
 * without reading transcripts.
 */
final class SessionFiles {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String ANONYMOUS = "anonymous";
    private static final String HANDOFF = "handoff";

    private final Path folder;
    private final Map<String, Path> index = new ConcurrentHashMap<>();

    SessionFiles(Path folder) throws IOException {
        this.folder = folder;
        Files.createDirectories(folder.resolve(HANDOFF));
        try (Stream<Path> files = Files.walk(folder, 2)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getParent().equals(folder))
                    .forEach(f -> index.put(idOf(f), f));
        }
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    /** The folder of a member's sessions ("anonymous" for visitors). */
    static String memberFolder(String memberId) {
        if (memberId == null) {
            return ANONYMOUS;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(memberId.getBytes(StandardCharsets.UTF_8));
            return "m-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(String id) {
        return index.containsKey(id);
    }

    Optional<Conversation> read(String id) {
        Path file = index.get(id);
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Conversation.of(JSON.readValue(file.toFile(), Conversation.State.class)));
        } catch (NoSuchFileException gone) {
            index.remove(id, file);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("session " + id + " (" + file + ") is unreadable: " + e.getMessage(), e);
        }
    }

    /** Writes a session durably (temporary file, then an atomic move) and keeps the handoff marker in step. */
    void write(Conversation conversation) {
        Path dir = folder.resolve(memberFolder(conversation.memberId));
        Path file = dir.resolve(conversation.id + ".json");
        try {
            Files.createDirectories(dir);
            Path temporary = dir.resolve(conversation.id + ".json.tmp");
            Files.write(temporary, JSON.writeValueAsBytes(conversation.state()));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            index.put(conversation.id, file);
            Path marker = folder.resolve(HANDOFF).resolve(conversation.id);
            if (Conversation.HANDOFF.equals(conversation.state)) {
                if (!Files.exists(marker)) {
                    Files.createFile(marker);
                }
            } else {
                Files.deleteIfExists(marker);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write session " + conversation.id + ": " + e.getMessage(), e);
        }
    }

    /** Ids of sessions waiting for a person. */
    List<String> handoffs() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(folder.resolve(HANDOFF))) {
            markers.forEach(m -> ids.add(m.getFileName().toString()));
        }
        return ids;
    }

    /** Ids of a member's sessions, newest file first. */
    List<String> sessionsOf(String memberId) {
        Path dir = folder.resolve(memberFolder(memberId));
        return index.entrySet().stream().filter(e -> e.getValue().getParent().equals(dir))
                .sorted(Comparator.comparing((Map.Entry<String, Path> e) -> modified(e.getValue())).reversed())
                .map(Map.Entry::getKey).toList();
    }

    /** Deletes every session of a member; returns their ids. */
    List<String> erase(String memberId) throws IOException {
        Path dir = folder.resolve(memberFolder(memberId));
        List<String> erased = sessionsOf(memberId);
        for (String id : erased) {
            index.remove(id);
            Files.deleteIfExists(folder.resolve(HANDOFF).resolve(id));
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return erased;
    }

    /** Deletes sessions whose file was last written before {@code cutoff}; returns how many. */
    int deleteOlderThan(Instant cutoff) throws IOException {
        int deleted = 0;
        for (Map.Entry<String, Path> entry : List.copyOf(index.entrySet())) {
            if (modified(entry.getValue()).isBefore(cutoff)) {
                Files.deleteIfExists(entry.getValue());
                Files.deleteIfExists(folder.resolve(HANDOFF).resolve(entry.getKey()));
                index.remove(entry.getKey(), entry.getValue());
                deleted++;
            }
        }
        return deleted;
    }

    int size() {
        return index.size();
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
