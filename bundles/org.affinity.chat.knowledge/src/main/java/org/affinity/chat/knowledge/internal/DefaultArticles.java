package org.affinity.chat.knowledge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;

/** The articles shipped in this bundle ({@code articles/<id>.md}), by id. */
final class DefaultArticles {

    static final String FOLDER = "articles";

    private DefaultArticles() {
    }

    static Map<String, String> of(Bundle bundle) {
        Map<String, String> articles = new TreeMap<>();
        Enumeration<URL> entries = bundle.findEntries(FOLDER, "*" + ArticleFolder.SUFFIX, false);
        for (URL entry : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String name = entry.getPath().substring(entry.getPath().lastIndexOf('/') + 1);
            try (InputStream in = entry.openStream()) {
                articles.put(name.substring(0, name.length() - ArticleFolder.SUFFIX.length()),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + entry, e);
            }
        }
        return articles;
    }

    /** Outside OSGi (tests, benchmarks): the same files from a folder. */
    static Map<String, String> of(Path folder) {
        Map<String, String> articles = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + ArticleFolder.SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                articles.put(name.substring(0, name.length() - ArticleFolder.SUFFIX.length()), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the default articles in " + folder, e);
        }
        return articles;
    }
}
