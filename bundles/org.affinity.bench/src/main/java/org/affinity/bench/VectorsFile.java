package org.affinity.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings on disk for benchmarks, in two files side by side:
 * <ul>
 * <li>{@code <name>.f32}: the vectors, row after row, little-endian float32, no header;</li>
 * <li>{@code <name>.tsv}: one line per row, in the same order: {@code id TAB source TAB text}.</li>
 * </ul>
 * The dimension is the .f32 size / 4 / the number of lines. Texts hold no tabs or line breaks
 * ({@link BenchTexts} writes them that way).
 */
public final class VectorsFile {

    /** One row: who it is, where the text comes from (a label to filter on), the text, its vector. */
    public record Row(String id, String source, String text, float[] vector) {
    }

    private VectorsFile() {
    }

    /** Writes {@code <f32>} and the .tsv beside it. */
    public static void write(Path f32, List<Row> rows) throws IOException {
        Files.createDirectories(f32.toAbsolutePath().getParent());
        List<String> lines = new ArrayList<>(rows.size());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f32), 1 << 16)) {
            ByteBuffer buffer = null;
            for (Row row : rows) {
                if (buffer == null || buffer.capacity() != row.vector().length * 4) {
                    buffer = ByteBuffer.allocate(row.vector().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                }
                buffer.clear();
                buffer.asFloatBuffer().put(row.vector());
                out.write(buffer.array());
                lines.add(row.id() + "\t" + row.source() + "\t" + row.text());
            }
        }
        Files.write(tsv(f32), lines, StandardCharsets.UTF_8);
    }

    public static List<Row> read(Path f32) throws IOException {
        List<String> lines = Files.readAllLines(tsv(f32), StandardCharsets.UTF_8);
        long bytes = Files.size(f32);
        if (lines.isEmpty() || bytes % (4L * lines.size()) != 0) {
            throw new IOException(f32 + " holds " + bytes + " bytes, not " + lines.size() + " float32 vectors of one size (lines of "
                    + tsv(f32) + ")");
        }
        int dimension = (int) (bytes / 4 / lines.size());
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(f32)).order(ByteOrder.LITTLE_ENDIAN);
        List<Row> rows = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] columns = line.split("\t", 3);
            if (columns.length != 3) {
                throw new IOException("not 'id TAB source TAB text': " + line);
            }
            float[] vector = new float[dimension];
            data.asFloatBuffer().get(vector);
            data.position(data.position() + dimension * 4);
            rows.add(new Row(columns[0], columns[1], columns[2], vector));
        }
        return rows;
    }

    /** The .tsv beside a .f32 file. */
    public static Path tsv(Path f32) {
        String name = f32.getFileName().toString();
        return f32.resolveSibling((name.endsWith(".f32") ? name.substring(0, name.length() - 4) : name) + ".tsv");
    }
}
