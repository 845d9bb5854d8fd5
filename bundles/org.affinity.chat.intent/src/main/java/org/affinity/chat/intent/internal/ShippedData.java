package org.affinity.chat.intent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.affinity.api.chat.IntentExample;

/**
 * What the bundle ships under {@code data/}: the examples of the default set {@code shop} (the Bitext
 * customer-support utterances with their 27 intents, the chat's own intents in English, and Chinese
 * examples of every intent; see NOTICE.md) and the out-of-scope background.
 */
public final class ShippedData {

    /** Opens a file of the bundle by its path ("data/shop/..."). */
    @FunctionalInterface
    public interface Files {
        InputStream open(String path) throws IOException;
    }

    public static final List<String> SHOP_FILES = List.of("data/shop/bitext-customer-support-20k.csv.gz",
            "data/shop/chat-intents-en.csv", "data/shop/shop-zh.csv");
    public static final String BACKGROUND = "data/out-of-scope-tuning.txt";

    private final Files files;

    public ShippedData(Files files) {
        this.files = files;
    }

    /** The examples of {@code shop}, file after file, each with its line in its own file. */
    public List<IntentExample> shop() throws IOException {
        List<IntentExample> examples = new ArrayList<>();
        for (String path : SHOP_FILES) {
            examples.addAll(ExampleFiles.read(text(path), ExampleFiles.CSV));
        }
        return examples;
    }

    /** The out-of-scope background: one text per line, without the '#' category lines. */
    public List<String> background() throws IOException {
        return text(BACKGROUND).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private String text(String path) throws IOException {
        try (InputStream raw = files.open(path); InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
