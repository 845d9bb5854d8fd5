package org.affinity.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.affinity.ingest.internal.Source;

/**
 * Every unique text of the shared data sets that a shop would embed: Online Retail product
 * descriptions, Bitext customer-service utterances (both sets), Luma product names, descriptions
 * (HTML stripped) and reviews. Whitespace is collapsed to single spaces; the first occurrence of a
 * text keeps it, in this order.
 */
public final class BenchTexts {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /** A text and where it comes from: retail, support, catalog-name, catalog-html, review. */
    public record Text(String source, String text) {
    }

    private BenchTexts() {
    }

    public static List<Text> collect(Path data) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        csv(data.resolve("online-retail/online-retail.csv.gz")).forEach(r -> add(texts, "retail", r.get("Description")));
        for (String file : List.of("bitext-customer-support/20k-utterances/TrainingdatasetBitextsample.csv",
                "bitext-customer-support/service-8k/Bitext_Sample_Customer_Service_Training_Dataset.csv")) {
            csv(data.resolve(file)).forEach(r -> add(texts, "support", r.get("utterance")));
        }
        List<Path> catalogue = new ArrayList<>(List.of(data.resolve("magento-luma/configurable_products.csv")));
        try (Stream<Path> gear = Files.list(data.resolve("magento-luma"))) {
            gear.filter(f -> f.getFileName().toString().startsWith("simple_products_gear_")).sorted().forEach(catalogue::add);
        }
        for (Path file : catalogue) {
            for (Map<String, String> product : csv(file)) {
                add(texts, "catalog-name", product.get("name"));
                add(texts, "catalog-html", html(product.get("description")));
            }
        }
        csv(data.resolve("magento-luma/products_reviews.csv")).forEach(r -> add(texts, "review", r.get("review")));
        List<Text> unique = new ArrayList<>(texts.size());
        texts.forEach((text, source) -> unique.add(new Text(source, text)));
        return unique;
    }

    /** Writes {@code id TAB source TAB text} lines, ids 0..n-1, the input of the embedding step. */
    public static void write(List<Text> texts, Path tsv) throws IOException {
        Files.createDirectories(tsv.toAbsolutePath().getParent());
        List<String> lines = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            lines.add(i + "\t" + texts.get(i).source() + "\t" + texts.get(i).text());
        }
        Files.write(tsv, lines, StandardCharsets.UTF_8);
    }

    /** The rows of a CSV file (plain or gzip), read by the importer's own reader. */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Source source = Source.open(file, Source.Format.CSV, ',')) {
            for (Source.Row row = source.next(); row != null; row = source.next()) {
                if (row.error() != null) {
                    throw new IOException(file + " line " + row.line() + ": " + row.error());
                }
                Map<String, String> values = new LinkedHashMap<>();
                row.values().forEach((column, value) -> values.put(column, value == null ? null : value.toString()));
                rows.add(values);
            }
        }
        return rows;
    }

    private static void add(Map<String, String> texts, String source, String text) {
        if (text == null) {
            return;
        }
        String clean = SPACE.matcher(text).replaceAll(" ").trim();
        if (!clean.isEmpty()) {
            texts.putIfAbsent(clean, source);
        }
    }

    static String html(String html) {
        if (html == null) {
            return null;
        }
        return TAG.matcher(html).replaceAll(" ").replace("&nbsp;", " ").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
