package org.affinity.chat.intent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentMetrics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The sets in the data folder: {@code <folder>/<set>/} holds {@code examples.csv} (what it was
 * trained on, header {@code text,intent}), {@code model.bin} and {@code set.json} (metadata and
 * held-out metrics, for people and for the next start). A training writes the three into
 * {@code <set>.next/} and then swaps folders by renaming, so a crash leaves the old set or the new
 * one, never a mix: a start finishes an interrupted swap and drops a half-written {@code .next}.
 */
final class SetFolder {

    static final String EXAMPLES = "examples.csv";
    static final String MODEL = "model.bin";
    static final String INFO = "set.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What set.json says.
     *
     * @param languages examples per language ("en", "zh"), trained or not
     * @param models embedding model per language with a head
     * @param notes what the training had to leave out, and why
     */
    record Info(String name, int format, List<String> intents, int examples, Map<String, Integer> languages,
            Map<String, String> models, String trained, IntentMetrics metrics, String recipe, List<String> notes) {

        Instant trainedAt() {
            return trained == null ? null : Instant.parse(trained);
        }
    }

    /** A set as stored. The model is null when it could not be read (it is then retrained from the examples). */
    record Stored(Info info, IntentModel model, String problem) {
    }

    private final Path root;

    SetFolder(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The names of the stored sets, after finishing or dropping interrupted swaps. */
    List<String> names() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".next") || name.endsWith(".old")) {
                    continue;
                }
                if (Files.isDirectory(entry) && Validation.SET_NAME.matcher(name).matches()) {
                    names.add(name);
                }
            }
        }
        // A swap that stopped between its renames: the new folder is complete, the set's own is gone.
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "*.next")) {
            for (Path next : entries) {
                String name = next.getFileName().toString().replaceFirst("\\.next$", "");
                if (!names.contains(name) && Files.isRegularFile(next.resolve(INFO))) {
                    Files.move(next, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    names.add(name);
                } else {
                    delete(next);
                }
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "*.old")) {
            for (Path old : entries) {
                delete(old);
            }
        }
        names.sort(null);
        return names;
    }

    boolean exists(String name) {
        return Files.isRegularFile(root.resolve(name).resolve(INFO));
    }

    Stored load(String name) throws IOException {
        Path folder = root.resolve(name);
        Info info = JSON.readValue(folder.resolve(INFO).toFile(), Info.class);
        if (info.format() != IntentModel.FORMAT) {
            return new Stored(info, null, "its model has format " + info.format() + ", this version reads " + IntentModel.FORMAT);
        }
        try (InputStream in = Files.newInputStream(folder.resolve(MODEL))) {
            return new Stored(info, IntentModel.read(in), null);
        } catch (IOException | RuntimeException e) {
            return new Stored(info, null, "its model could not be read (" + e + ")");
        }
    }

    List<IntentExample> examples(String name) throws IOException {
        return ExampleFiles.read(Files.readString(root.resolve(name).resolve(EXAMPLES), StandardCharsets.UTF_8),
                ExampleFiles.CSV);
    }

    /** Writes a trained set and swaps it in for the stored one. */
    void save(Info info, IntentModel model, List<IntentExample> examples) throws IOException {
        Files.createDirectories(root);
        Path folder = root.resolve(info.name());
        Path next = root.resolve(info.name() + ".next");
        Path old = root.resolve(info.name() + ".old");
        delete(next);
        Files.createDirectories(next);
        try (Writer out = Files.newBufferedWriter(next.resolve(EXAMPLES), StandardCharsets.UTF_8)) {
            ExampleFiles.writeCsv(examples, out);
        }
        try (OutputStream out = Files.newOutputStream(next.resolve(MODEL))) {
            model.write(out);
        }
        JSON.writeValue(next.resolve(INFO).toFile(), info);
        delete(old);
        if (Files.exists(folder)) {
            Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(next, folder, StandardCopyOption.ATOMIC_MOVE);
        delete(old);
    }

    /** Deletes a stored set; false when there was none. */
    boolean remove(String name) throws IOException {
        Path folder = root.resolve(name);
        boolean existed = Files.exists(folder);
        Path gone = root.resolve(name + ".old");
        delete(gone);
        if (existed) {
            Files.move(folder, gone, StandardCopyOption.ATOMIC_MOVE);
            delete(gone);
        }
        delete(root.resolve(name + ".next"));
        return existed;
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
