package org.affinity.marketing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A file written by appending whole records, each in one write, ending in a newline. A record that a
 * crash cut short has no final newline: {@link #open} cuts it off, so what remains is exactly the
 * records whose write completed. A process killed after a write returned keeps that record (it is in
 * the operating system's cache); {@link #force} makes records survive a machine crash too.
 */
final class AppendFile implements AutoCloseable {

    private final Path path;
    private FileChannel channel;

    private AppendFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating) the file for appending, after cutting off an unfinished last record. */
    static AppendFile open(Path path, RecordEnd end) throws IOException {
        Files.createDirectories(path.getParent());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long complete = end.completeLength(Files.readAllBytes(path));
        if (complete < channel.size()) {
            channel.truncate(complete);
        }
        channel.position(channel.size());
        return new AppendFile(path, channel);
    }

    Path path() {
        return path;
    }

    long size() throws IOException {
        return channel.size();
    }

    synchronized void append(String record) {
        ByteBuffer bytes = ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + path, e);
        }
    }

    synchronized void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not sync " + path, e);
        }
    }

    /**
     * Rewrites the file without the records {@code drop} selects (erasure), atomically: the reader of
     * the file sees either the old or the new content. Returns how many records were dropped.
     */
    synchronized int rewrite(RecordEnd end, Predicate<String> drop) throws IOException {
        List<String> records = end.records(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (String record : records) {
            if (drop.test(record)) {
                dropped++;
            } else {
                kept.add(record);
            }
        }
        if (dropped == 0) {
            return 0;
        }
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temporary, String.join("", kept), StandardCharsets.UTF_8);
        try (FileChannel sync = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            sync.force(true);
        }
        channel.close();
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
        return dropped;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /** How records end: a newline (NDJSON), or a newline outside double quotes (CSV). */
    enum RecordEnd {
        LINE, CSV;

        /** The length of the complete records at the start of {@code bytes}. */
        long completeLength(byte[] bytes) {
            boolean quoted = false;
            long complete = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (this == CSV && bytes[i] == '"') {
                    quoted = !quoted;
                } else if (bytes[i] == '\n' && !quoted) {
                    complete = i + 1;
                }
            }
            return complete;
        }

        /** The complete records of a text, each with its newline. */
        List<String> records(String text) {
            List<String> records = new ArrayList<>();
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (this == CSV && c == '"') {
                    quoted = !quoted;
                } else if (c == '\n' && !quoted) {
                    records.add(text.substring(start, i + 1));
                    start = i + 1;
                }
            }
            return records;
        }
    }
}
