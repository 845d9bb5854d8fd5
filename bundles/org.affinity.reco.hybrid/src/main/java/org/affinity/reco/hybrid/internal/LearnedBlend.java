package org.affinity.reco.hybrid.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What hybrid learned on a validation split carved from its training events: a blend for warm
 * members and one for cold members (fewer than {@code coldHistory} events), each with its validation
 * NDCG@10 next to the configured blend's and every strategy's alone, so anyone can see what it
 * weighs and why.
 *
 * @param validation how the validation split was made
 * @param events training events it learned from
 * @param models the model of each blended strategy that has one, when it learned (a change relearns)
 * @param tuned whether the blended strategies were fitted after their own tuning
 */
public record LearnedBlend(Instant learnedAt, int coldHistory, Group warm, Group cold, String validation, long events,
        Map<String, String> models, boolean tuned, double seconds) {

    public LearnedBlend {
        models = Map.copyOf(models);
    }

    /**
     * The blend chosen for one group of members and how it scored there.
     *
     * @param mode "weighted" or "rrf"
     * @param weights per strategy; 0 leaves it out
     * @param members validation members in the group
     * @param learned validation NDCG@10 of the chosen blend
     * @param configured validation NDCG@10 of the configured (manual) blend
     * @param alone validation NDCG@10 of each strategy alone
     * @param note why this group's blend is what it is (e.g. too few cold members: the warm blend)
     */
    public record Group(String mode, Map<String, Double> weights, int rrfK, double mmrLambda, int members, double learned,
            double configured, Map<String, Double> alone, String note) {

        public Group {
            weights = new TreeMap<>(weights);
            alone = new TreeMap<>(alone);
            note = note == null ? "" : note;
        }

        /** The strategy that scored best alone, or null when none was scored. */
        public String bestAlone() {
            return alone.entrySet().stream().max(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                    Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
        }

        public double bestAloneScore() {
            String best = bestAlone();
            return best == null ? 0 : alone.get(best);
        }

        /** Each used strategy's share of the weight, largest first. */
        public Map<String, Double> shares() {
            double sum = weights.values().stream().mapToDouble(Double::doubleValue).filter(w -> w > 0).sum();
            Map<String, Double> shares = new LinkedHashMap<>();
            weights.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> shares.put(e.getKey(), sum > 0 ? e.getValue() / sum : 0));
            return shares;
        }

        /** Whether the two groups blend alike (scores and notes aside). */
        boolean blendsLike(Group other) {
            return mode.equals(other.mode) && weights.equals(other.weights) && rrfK == other.rrfK && mmrLambda == other.mmrLambda;
        }

        /** These weights over a base configuration (what the search does not choose: category cap, candidates). */
        BlendSettings over(BlendSettings base) {
            return base.fusing(mode, weights, rrfK, mmrLambda);
        }

        /** "cf 55%, content 30%, trending 15% (weighted, MMR 0.8): NDCG@10 0.1210 vs cf alone 0.1100, configured 0.1150" */
        public String explain() {
            String used = shares().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue() * 100))
                    .collect(Collectors.joining(", "));
            String best = bestAlone();
            return String.format(Locale.ROOT, "%s (%s%s): validation NDCG@10 %.4f over %,d members vs %s %.4f, configured blend %.4f%s",
                    used.isEmpty() ? "nothing" : used, mode.equals(BlendSettings.RRF) ? "rrf k " + rrfK : mode,
                    String.format(Locale.ROOT, ", MMR %.1f", mmrLambda), learned, members,
                    best == null ? "no strategy" : best + " alone", bestAloneScore(), configured, note.isEmpty() ? "" : "; " + note);
        }

        Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mode", mode);
            details.put("weights", weights);
            details.put("shares", shares());
            if (mode.equals(BlendSettings.RRF)) {
                details.put("rrfK", rrfK);
            }
            details.put("mmrLambda", mmrLambda);
            details.put("validationMembers", members);
            details.put("validationNdcg10", learned);
            details.put("configuredNdcg10", configured);
            details.put("aloneNdcg10", alone);
            details.put("bestAlone", bestAlone());
            if (!note.isEmpty()) {
                details.put("note", note);
            }
            details.put("explanation", explain());
            return details;
        }
    }

    public String explain() {
        return "warm members (" + coldHistory + "+ events): " + warm.explain() + ". Cold members (fewer events): " + cold.explain();
    }

    /** For the model status (GET /api/training/hybrid, affinity:train). */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("coldHistory", coldHistory);
        details.put("warm", warm.details());
        details.put("cold", cold.details());
        details.put("validation", validation);
        details.put("strategiesTuned", tuned);
        details.put("blendedModels", new TreeMap<>(models));
        details.put("seconds", Math.round(seconds * 10) / 10.0);
        details.put("explanation", explain());
        return details;
    }

    /** Written to a temporary file first and moved into place, so a crash never leaves half a blend. */
    void save(Path file) throws IOException {
        Properties out = new Properties();
        out.setProperty("learnedAt", learnedAt.toString());
        out.setProperty("coldHistory", Integer.toString(coldHistory));
        out.setProperty("validation", validation);
        out.setProperty("events", Long.toString(events));
        out.setProperty("tuned", Boolean.toString(tuned));
        out.setProperty("seconds", Double.toString(seconds));
        models.forEach((name, model) -> out.setProperty("model." + name, model));
        put(out, "warm.", warm);
        put(out, "cold.", cold);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            out.store(writer, "the blend hybrid learned (org.affinity.reco.hybrid)");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void put(Properties out, String prefix, Group group) {
        out.setProperty(prefix + "mode", group.mode());
        out.setProperty(prefix + "rrfK", Integer.toString(group.rrfK()));
        out.setProperty(prefix + "mmrLambda", Double.toString(group.mmrLambda()));
        out.setProperty(prefix + "members", Integer.toString(group.members()));
        out.setProperty(prefix + "learned", Double.toString(group.learned()));
        out.setProperty(prefix + "configured", Double.toString(group.configured()));
        out.setProperty(prefix + "note", group.note());
        group.weights().forEach((name, weight) -> out.setProperty(prefix + "weight." + name, Double.toString(weight)));
        group.alone().forEach((name, score) -> out.setProperty(prefix + "alone." + name, Double.toString(score)));
    }

    static LearnedBlend load(Path file) throws IOException {
        Properties in = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.load(reader);
        }
        try {
            return new LearnedBlend(Instant.parse(in.getProperty("learnedAt")), Integer.parseInt(in.getProperty("coldHistory")),
                    group(in, "warm."), group(in, "cold."), in.getProperty("validation", ""), Long.parseLong(in.getProperty("events", "0")),
                    prefixed(in, "model.", String::valueOf), Boolean.parseBoolean(in.getProperty("tuned")),
                    Double.parseDouble(in.getProperty("seconds", "0")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a learned blend: " + e, e);
        }
    }

    private static Group group(Properties in, String prefix) {
        return new Group(in.getProperty(prefix + "mode"), prefixed(in, prefix + "weight.", Double::parseDouble),
                Integer.parseInt(in.getProperty(prefix + "rrfK")), Double.parseDouble(in.getProperty(prefix + "mmrLambda")),
                Integer.parseInt(in.getProperty(prefix + "members")), Double.parseDouble(in.getProperty(prefix + "learned")),
                Double.parseDouble(in.getProperty(prefix + "configured")), prefixed(in, prefix + "alone.", Double::parseDouble),
                in.getProperty(prefix + "note", ""));
    }

    private static <V> Map<String, V> prefixed(Properties in, String prefix, java.util.function.Function<String, V> parse) {
        Map<String, V> found = new TreeMap<>();
        for (String key : in.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                found.put(key.substring(prefix.length()), parse.apply(in.getProperty(key)));
            }
        }
        return found;
    }

    /** The blend to serve each group with, over the current configuration. */
    Blends blends(BlendSettings base, ItemFeatures features) {
        Blend warmBlend = new Blend(warm.over(base), features);
        // One blend when the groups blend alike: then serving looks up no member's history.
        Blend coldBlend = cold.blendsLike(warm) ? warmBlend : new Blend(cold.over(base), features);
        return new Blends(warmBlend, coldBlend, coldHistory);
    }

    static List<String> groups() {
        return List.of("warm", "cold");
    }
}
