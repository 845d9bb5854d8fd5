package org.affinity.vector.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The 751 reference texts of ../shared/golden with their all-MiniLM-L6-v2 (int8) embeddings, as
 * shipped in this jar (see NOTICE.md beside the files): real sentence embeddings, 384-d, L2-normalised.
 */
public final class GoldenEmbeddings {

    public static final String MODEL = "all-minilm-l6-v2-q";
    public static final int DIMENSION = 384;

    /** One reference text: its id, where it comes from (retail, support, catalog-name, ...), the text, its embedding. */
    public record Text(int id, String source, String text, float[] embedding) {
    }

    private GoldenEmbeddings() {
    }

    public static List<Text> load() {
        Map<Integer, String[]> corpus = new HashMap<>();
        for (String line : lines("corpus.jsonl.gz")) {
            corpus.put((int) Json.number(line, "id"), new String[] {Json.string(line, "source"), Json.string(line, "text")});
        }
        List<Text> texts = new ArrayList<>(corpus.size());
        for (String line : lines("embeddings-all-minilm-l6-v2-q.jsonl.gz")) {
            int id = (int) Json.number(line, "id");
            String[] text = corpus.get(id);
            if (text == null) {
                throw new IllegalStateException("embedding " + id + " has no text in corpus.jsonl");
            }
            float[] embedding = Json.floats(line, "embedding");
            if (embedding.length != DIMENSION) {
                throw new IllegalStateException("embedding " + id + " has " + embedding.length + " values");
            }
            texts.add(new Text(id, text[0], text[1], embedding));
        }
        return texts;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = open(resource)) {
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /**
     * From the jar, or, when the class path holds this project's compiled classes (bnd's compile does
     * not copy resources into target/classes), from the project's src/main/resources.
     */
    private static InputStream open(String resource) throws IOException {
        InputStream in = GoldenEmbeddings.class.getResourceAsStream(resource);
        if (in != null) {
            return in;
        }
        try {
            Path classes = Path.of(GoldenEmbeddings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path file = classes.resolveSibling("../src/main/resources/org/affinity/vector/testkit").resolve(resource).normalize();
            if (Files.isRegularFile(file)) {
                return Files.newInputStream(file);
            }
            throw new IllegalStateException("missing resource " + resource + " (not in the jar, nor at " + file + ")");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("missing resource " + resource, e);
        }
    }

    /** Just enough JSON for these flat one-line records. */
    static final class Json {

        private Json() {
        }

        static double number(String line, String key) {
            int start = valueStart(line, key);
            int end = start;
            while (end < line.length() && "+-.0123456789eE".indexOf(line.charAt(end)) >= 0) {
                end++;
            }
            return Double.parseDouble(line.substring(start, end));
        }

        static float[] floats(String line, String key) {
            int start = valueStart(line, key);
            int end = line.indexOf(']', start);
            String[] parts = line.substring(start + 1, end).split(",");
            float[] values = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = Float.parseFloat(parts[i].trim());
            }
            return values;
        }

        static String string(String line, String key) {
            int i = valueStart(line, key);
            if (line.charAt(i) != '"') {
                throw new IllegalArgumentException("not a string: " + key);
            }
            StringBuilder text = new StringBuilder();
            for (i++; line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c != '\\') {
                    text.append(c);
                    continue;
                }
                char escaped = line.charAt(++i);
                switch (escaped) {
                    case 'n' -> text.append('\n');
                    case 't' -> text.append('\t');
                    case 'r' -> text.append('\r');
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'u' -> {
                        text.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> text.append(escaped);
                }
            }
            return text.toString();
        }

        private static int valueStart(String line, String key) {
            int at = line.indexOf("\"" + key + "\":");
            if (at < 0) {
                throw new IllegalArgumentException("no \"" + key + "\" in " + line.substring(0, Math.min(80, line.length())));
            }
            int i = at + key.length() + 3;
            while (line.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }
}
