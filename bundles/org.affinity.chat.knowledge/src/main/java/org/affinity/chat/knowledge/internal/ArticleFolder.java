package org.affinity.chat.knowledge.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.chat.Article;
import org.affinity.api.ingest.RejectedException;

/**
 * The articles as files: {@code <id>.md} in one folder, front matter and Markdown, the form a shop
 * edits by hand. Writes replace a file atomically (a reader sees the old or the new article, never
 * half of one). Names starting with '.' are ours (the seed record, files being written).
 */
final class ArticleFolder {

    static final String SUFFIX = ".md";
    /** The default articles seeded so far, one id per line: a default the shop deleted stays deleted. */
    static final String SEEDED = ".seeded";

    private final Path dir;

    ArticleFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** What reading the folder found: the usable articles, and a line for every file that is not. */
    record Contents(List<Article> articles, List<String> problems, Set<String> unreadable) {
    }

    Contents read() {
        List<Article> articles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> unreadable = new LinkedHashSet<>();
        if (!Files.isDirectory(dir)) {
            return new Contents(articles, problems, unreadable);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                String id = name.substring(0, name.length() - SUFFIX.length());
                try {
                    articles.add(read(file, id));
                } catch (RejectedException e) {
                    unreadable.add(id);
                    problems.add(file + ": " + e.rejections().stream().map(Object::toString).reduce((a, b) -> a + "; " + b).orElse(e.getMessage()));
                } catch (IOException e) {
                    unreadable.add(id);
                    problems.add(file + ": " + e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the articles in " + dir, e);
        }
        return new Contents(articles, problems, unreadable);
    }

    /** One file as an article with the file's name as its id; problems name their lines. */
    static Article read(Path file, String id) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text", e);
        }
        return ArticleMarkdown.parse(id, text, modified(file));
    }

    /** Writes an article's file; returns it with the file's time as its update time. */
    Article write(Article article) {
        try {
            Files.createDirectories(dir);
            Path file = file(article.id());
            Path part = dir.resolve("." + article.id() + SUFFIX + ".part");
            Files.writeString(part, ArticleMarkdown.render(article), StandardCharsets.UTF_8);
            try {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Article(article.id(), article.title(), article.language(), article.intents(), article.tags(),
                    article.body(), modified(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file(article.id()), e);
        }
    }

    boolean delete(String id) {
        try {
            return Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file(id), e);
        }
    }

    /** The bytes of an article's file, or null when it has none (to restore it after a failed batch). */
    byte[] snapshot(String id) {
        try {
            Path file = file(id);
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void restore(String id, byte[] bytes) {
        try {
            if (bytes == null) {
                Files.deleteIfExists(file(id));
            } else {
                Files.write(file(id), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not restore " + file(id), e);
        }
    }

    /**
     * Writes the default articles not seeded before (a first start writes them all; a later version's
     * new defaults arrive on its first start), never over a file the shop has.
     *
     * @return the ids written
     */
    List<String> seed(Map<String, String> defaults) {
        try {
            Files.createDirectories(dir);
            Path record = dir.resolve(SEEDED);
            Set<String> seeded = new LinkedHashSet<>(Files.exists(record) ? Files.readAllLines(record) : List.of());
            List<String> written = new ArrayList<>();
            for (Map.Entry<String, String> entry : defaults.entrySet()) {
                if (seeded.add(entry.getKey()) && !Files.exists(file(entry.getKey()))) {
                    Files.writeString(file(entry.getKey()), entry.getValue(), StandardCharsets.UTF_8);
                    written.add(entry.getKey());
                }
            }
            Files.write(record, seeded);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("could not seed the default articles into " + dir, e);
        }
    }

    private Path file(String id) {
        return dir.resolve(id + SUFFIX);
    }

    private static Instant modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
