package org.affinity.shell.karaf.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What Tab offers for each affinity:* command, given the words already typed after the command
 * name. Values come from the running platform (model ids, job ids, strategy names, segment ids)
 * through suppliers, so they are current at each Tab.
 */
final class CompletionTable {

    /** The platform's current names; each supplier returns an empty list when its service is absent. */
    record Sources(Supplier<Collection<String>> models, Supplier<Collection<String>> jobs,
            Supplier<Collection<String>> strategies, Supplier<Collection<String>> segments) {
    }

    static final List<String> MODEL_ACTIONS = List.of("list", "use", "collections", "reembed");
    static final List<String> JOB_ACTIONS = List.of("watch", "cancel");
    static final List<String> STRATEGY_ACTIONS = List.of("list", "use", "route", "ab", "fallback");
    static final List<String> IMPORT_PRESETS = List.of("online-retail", "luma-products", "luma-reviews");
    static final Set<String> STRATEGY_OPTIONS = Set.of("-s", "--strategy");
    static final Set<String> SEGMENT_OPTIONS = Set.of("--segment");

    /** The commands this table completes; others keep Karaf's default completion. */
    static final Set<String> COMMANDS = Set.of("model", "jobs", "strategy", "strategies", "recommend", "similar",
            "segments", "segment", "import");

    private final Sources sources;

    CompletionTable(Sources sources) {
        this.sources = sources;
    }

    /**
     * Candidates for the word being typed.
     *
     * @param command the command name without scope ("model")
     * @param before the words between the command name and the word being typed
     */
    List<String> candidates(String command, List<String> before) {
        String previous = before.isEmpty() ? "" : before.get(before.size() - 1);
        if (STRATEGY_OPTIONS.contains(previous)) {
            return list(sources.strategies().get());
        }
        if (SEGMENT_OPTIONS.contains(previous)) {
            return list(sources.segments().get());
        }
        int position = positional(before).size();
        String action = position == 0 ? "" : positional(before).get(0);
        switch (command) {
            case "model":
                return position == 0 ? MODEL_ACTIONS
                        : position == 1 && action.equals("use") ? list(sources.models().get()) : List.of();
            case "jobs":
                return position == 0 ? JOB_ACTIONS : position == 1 ? list(sources.jobs().get()) : List.of();
            case "strategy":
            case "strategies":
                if (position == 0) {
                    return STRATEGY_ACTIONS;
                }
                // use <strategy>; route <when> <strategy> (when: segment:<id>, anonymous, item, ...)
                if (action.equals("route") && position == 1) {
                    List<String> when = new ArrayList<>(List.of("anonymous", "item", "clear"));
                    list(sources.segments().get()).forEach(segment -> when.add("segment:" + segment));
                    return when;
                }
                return list(sources.strategies().get());
            case "segments":
            case "segment":
                return list(sources.segments().get());
            case "recommend":
            case "similar":
                // <member|item> [n] [strategy]
                return position == 2 ? list(sources.strategies().get()) : List.of();
            case "import":
                return previous.equals("-p") || previous.equals("--preset") ? IMPORT_PRESETS : List.of();
            default:
                return List.of();
        }
    }

    /** The typed words that are not options or option values. */
    private static List<String> positional(List<String> words) {
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("-")) {
                if (!word.contains("=") && i + 1 < words.size() && takesValue(word)) {
                    i++;
                }
                continue;
            }
            positional.add(word);
        }
        return positional;
    }

    private static boolean takesValue(String option) {
        return STRATEGY_OPTIONS.contains(option) || SEGMENT_OPTIONS.contains(option)
                || Map.of("-p", 1, "--preset", 1, "-m", 1, "--map", 1, "-o", 1, "--options", 1, "-n", 1, "--count", 1)
                        .containsKey(option);
    }

    private static List<String> list(Collection<String> values) {
        return values == null ? List.of() : values.stream().sorted().toList();
    }
}
