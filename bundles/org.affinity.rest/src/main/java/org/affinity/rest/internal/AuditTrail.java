package org.affinity.rest.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who read, changed or erased which member, when: one JSON line per request on a member's data, in
 * {@code <data>/audit/member-access.log}. This file is where member ids belong; the ordinary log
 * names keys and routes, never members.
 */
final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final Path file;
    private BufferedWriter writer;

    AuditTrail(Path file) {
        this.file = file;
    }

    synchronized void record(String key, String operation, String method, String member, int status) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("key", key);
        line.put("operation", operation);
        line.put("method", method);
        line.put("member", member);
        line.put("status", status);
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            writer.write(Json.MAPPER.writeValueAsString(line));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            LOG.error("could not write the member access audit trail {}: {}", file, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.warn("could not close the audit trail: {}", e.getMessage());
            }
            writer = null;
        }
    }
}
