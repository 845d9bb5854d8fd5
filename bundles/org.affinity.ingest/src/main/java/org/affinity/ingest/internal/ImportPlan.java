package org.affinity.ingest.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.member.Consent;

/**
 * An import request checked before any work starts: the file is readable, the preset known, the
 * mapping valid, the columns it needs present. Every problem is an IllegalArgumentException that
 * says what to fix.
 */
final class ImportPlan {

    static final Set<String> OPTIONS = Set.of("kind", "format", "delimiter", "zone", "consent", "currency", "time",
            "integerIds", "maxRejections", "batch");
    static final List<String> PRESETS = List.of(OnlineRetail.NAME, LumaProducts.NAME, LumaReviews.NAME);

    final Path file;
    final Preset preset;
    final Source.Format format;
    final char delimiter;
    /** The consent option: of the members the file creates; null when not given. */
    final Consent consent;
    final String currency;
    final int maxRejections;
    /** Records per transaction. */
    final int batch;
    final List<String> header;

    ImportPlan(ImportRequest request) throws IOException {
        file = request.source();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file, or not readable");
        }
        Map<String, String> options = request.options();
        for (String option : options.keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' (known: " + String.join(", ",
                        new java.util.TreeSet<>(OPTIONS)) + ")");
            }
        }
        format = format(options.get("format"));
        delimiter = delimiter(options.get("delimiter"));
        consent = options.containsKey("consent") ? consent(options.get("consent")) : null;
        maxRejections = positive(options, "maxRejections", 1000);
        batch = positive(options, "batch", ImportRun.BATCH);
        ZoneId zone = zone(options.get("zone"));
        String presetName = request.preset() == null ? "" : request.preset().trim();
        Source.Format actual;
        try (Source source = Source.open(file, format, delimiter)) {
            actual = source.format();
            header = source.header();
        }
        preset = preset(presetName, request, options, zone, actual);
        currency = options.getOrDefault("currency", presetName.equals(OnlineRetail.NAME) ? "GBP" : "USD");
        if (actual == Source.Format.CSV) {
            List<String> missing = new ArrayList<>();
            for (String column : preset.requiredColumns()) {
                if (!header.contains(column)) {
                    missing.add(column);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(file.getFileName() + " has no column " + String.join(", ", missing)
                        + " (it has: " + String.join(", ", header) + ")");
            }
        }
    }

    private static Preset preset(String name, ImportRequest request, Map<String, String> options, ZoneId zone,
            Source.Format format) {
        if (!name.isEmpty() && !request.mapping().isEmpty()) {
            throw new IllegalArgumentException("give a preset or a mapping, not both");
        }
        switch (name) {
            case "":
                Preset.Kind kind = kind(options.getOrDefault("kind", "events"));
                return new MappedPreset(kind, Mapping.parse(request.mapping(), kind), zone == null ? ZoneOffset.UTC : zone,
                        Boolean.parseBoolean(options.getOrDefault("integerIds", "true")), format == Source.Format.CSV);
            case OnlineRetail.NAME:
                return new OnlineRetail();
            case LumaProducts.NAME:
                return new LumaProducts();
            case LumaReviews.NAME:
                return new LumaReviews(options.get("time"));
            default:
                throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
        }
    }

    private static int positive(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + name + " must be a positive whole number, was '" + value + "'");
    }

    private static Preset.Kind kind(String kind) {
        try {
            return Preset.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown kind '" + kind + "' (events, items or members)");
        }
    }

    private static Source.Format format(String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        try {
            return Source.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + format + "' (csv or ndjson)");
        }
    }

    private static char delimiter(String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return 0;
        }
        if (delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("delimiter must be one character (or tab), was '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }

    private static Consent consent(String consent) {
        switch (consent.trim().toLowerCase(Locale.ROOT)) {
            case "none": return Consent.NONE;
            case "all": return Consent.ALL;
            default: throw new IllegalArgumentException("consent must be none or all, was '" + consent + "'");
        }
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "' (e.g. UTC, Europe/London)");
        }
    }
}
