package org.affinity.profile.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;

import org.affinity.api.profile.Rfm;
import org.affinity.api.segment.Segment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Segment definitions and their members, kept current: every profile change re-evaluates that
 * member against every segment (O(segments)); a population refresh re-evaluates everyone. The
 * eleven RFM segments are built in; rule and lookalike segments are defined by users and saved.
 */
final class SegmentIndex implements ProfileBook.Watcher {

    record Definition(String id, String name, Segment.Kind kind, String definition, String rfmName, Rule rule,
            Lookalike lookalike) {

        boolean builtIn() {
            return kind == Segment.Kind.RFM;
        }
    }

    private record Saved(String id, String name, String kind, String definition) {
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Definition> definitions = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListSet<String>> members = new ConcurrentHashMap<>();
    private final double ownWordsShare;

    SegmentIndex(double ownWordsShare) {
        this.ownWordsShare = ownWordsShare;
        for (String name : Rfm.SEGMENTS) {
            String id = RfmGrid.id(name);
            definitions.put(id, new Definition(id, name, Segment.Kind.RFM, name, name, null, null));
            members.put(id, new ConcurrentSkipListSet<>());
        }
    }

    @Override
    public void changed(MemberState state, ProfileBook book) {
        Rule.Context context = Rule.Context.of(state, book);
        float[] vector = null;
        boolean vectorKnown = false;
        for (Definition d : definitions.values()) {
            boolean in;
            if (d.kind() == Segment.Kind.RFM) {
                in = context.rfm() != null && d.rfmName().equals(context.rfm().segment());
            } else if (d.kind() == Segment.Kind.RULE) {
                in = d.rule().matches(context);
            } else {
                if (!vectorKnown) {
                    vector = state.vector(ownWordsShare);
                    vectorKnown = true;
                }
                in = d.lookalike().accepts(state.id, vector);
            }
            Set<String> set = members.get(d.id());
            if (set != null) {
                if (in) {
                    set.add(state.id);
                } else {
                    set.remove(state.id);
                }
            }
        }
    }

    @Override
    public void removed(String memberId) {
        members.values().forEach(set -> set.remove(memberId));
    }

    /** Re-evaluates every member against every segment (after a population refresh or a rebuild). */
    void reevaluate(ProfileBook book) {
        for (Definition d : definitions.values()) {
            if (d.kind() == Segment.Kind.LOOKALIKE) {
                try {
                    members.put(d.id(), new ConcurrentSkipListSet<>(d.lookalike().recompute(book, ownWordsShare)));
                } catch (IllegalArgumentException e) {
                    members.put(d.id(), new ConcurrentSkipListSet<>()); // seeds erased or without vectors
                }
            }
        }
        Set<String> present = ConcurrentHashMap.newKeySet();
        for (MemberState state : book.states()) {
            synchronized (state) {
                present.add(state.id);
                changedExceptLookalikes(state, book);
            }
        }
        members.values().forEach(set -> set.retainAll(present));
    }

    private void changedExceptLookalikes(MemberState state, ProfileBook book) {
        Rule.Context context = Rule.Context.of(state, book);
        for (Definition d : definitions.values()) {
            if (d.kind() == Segment.Kind.LOOKALIKE) {
                continue;
            }
            boolean in = d.kind() == Segment.Kind.RFM
                    ? context.rfm() != null && d.rfmName().equals(context.rfm().segment())
                    : d.rule().matches(context);
            Set<String> set = members.get(d.id());
            if (in) {
                set.add(state.id);
            } else {
                set.remove(state.id);
            }
        }
    }

    /**
     * Validates and (re)defines a segment, and computes its members now.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    Segment define(String id, String name, Segment.Kind kind, String definition, ProfileBook book) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be 1-64 lower-case letters, digits, '-' or '_', was '" + id + "'");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind must be one of RULE, LOOKALIKE (RFM segments are built in)");
        }
        Definition existing = definitions.get(id);
        if (kind == Segment.Kind.RFM || id.startsWith("rfm-") || (existing != null && existing.builtIn())) {
            throw new IllegalArgumentException("the RFM segments are built in (ids rfm-*): define a RULE such as "
                    + "rfm.segment in ('At Risk', \"Can't Lose Them\") and ... instead");
        }
        String displayName = name == null || name.isBlank() ? id : name.trim();
        Definition d = kind == Segment.Kind.RULE
                ? new Definition(id, displayName, kind, definition.trim(), null, compileRule(definition), null)
                : new Definition(id, displayName, kind, definition.trim(), null, null, Lookalike.parse(definition));
        ConcurrentSkipListSet<String> set = new ConcurrentSkipListSet<>();
        if (d.lookalike() != null) {
            set.addAll(d.lookalike().recompute(book, ownWordsShare));
        }
        members.put(id, set);
        definitions.put(id, d);
        if (d.rule() != null) {
            for (MemberState state : book.states()) {
                synchronized (state) {
                    if (d.rule().matches(Rule.Context.of(state, book))) {
                        set.add(state.id);
                    }
                }
            }
        }
        return segment(d);
    }

    private static Rule compileRule(String definition) {
        return Rule.compile(definition == null ? "" : definition);
    }

    boolean remove(String id) {
        Definition d = definitions.get(id);
        if (d == null) {
            return false;
        }
        if (d.builtIn()) {
            throw new IllegalArgumentException("'" + id + "' is a built-in RFM segment and cannot be removed");
        }
        definitions.remove(id);
        members.remove(id);
        return true;
    }

    List<Segment> list() {
        List<Segment> all = new ArrayList<>();
        for (String name : Rfm.SEGMENTS) {
            all.add(segment(definitions.get(RfmGrid.id(name))));
        }
        definitions.values().stream().filter(d -> !d.builtIn()).sorted((a, b) -> a.id().compareTo(b.id()))
                .forEach(d -> all.add(segment(d)));
        return all;
    }

    Optional<Segment> get(String id) {
        Definition d = definitions.get(id);
        return d == null ? Optional.empty() : Optional.of(segment(d));
    }

    private Segment segment(Definition d) {
        Set<String> set = members.get(d.id());
        return new Segment(d.id(), d.name(), d.kind(), d.definition(), set == null ? 0 : set.size());
    }

    List<String> members(String id, int offset, int limit) {
        ConcurrentSkipListSet<String> set = members.get(id);
        if (set == null) {
            throw new IllegalArgumentException("no segment '" + id + "'");
        }
        return set.stream().skip(Math.max(0, offset)).limit(Math.max(0, limit)).toList();
    }

    Set<String> segmentsOf(String memberId) {
        Set<String> ids = new LinkedHashSet<>();
        list().forEach(s -> {
            if (members.get(s.id()).contains(memberId)) {
                ids.add(s.id());
            }
        });
        return ids;
    }

    /** Sizes of the RFM segments, best first. */
    Map<String, Long> rfmSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String name : Rfm.SEGMENTS) {
            sizes.put(name, (long) members.get(RfmGrid.id(name)).size());
        }
        return sizes;
    }

    // --- persistence of user-defined segments -------------------------------------------------------

    void save(Path file) throws IOException {
        List<Saved> saved = definitions.values().stream().filter(d -> !d.builtIn())
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .map(d -> new Saved(d.id(), d.name(), d.kind().name(), d.definition())).toList();
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), saved);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads saved definitions; returns the problems of those that no longer compile (they are skipped). */
    List<String> load(Path file, ProfileBook book) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.exists(file)) {
            return problems;
        }
        List<Saved> saved = JSON.readValue(file.toFile(), new TypeReference<List<Saved>>() { });
        for (Saved s : saved) {
            try {
                define(s.id(), s.name(), Segment.Kind.valueOf(s.kind()), s.definition(), book);
            } catch (IllegalArgumentException e) {
                if (s.kind().equals("LOOKALIKE")) {
                    // Seeds may have no vectors yet (model still loading): keep the definition, members follow on refresh.
                    Lookalike lookalike = Lookalike.parse(s.definition());
                    definitions.put(s.id(), new Definition(s.id(), s.name(), Segment.Kind.LOOKALIKE, s.definition(), null, null,
                            lookalike));
                    members.put(s.id(), new ConcurrentSkipListSet<>());
                } else {
                    problems.add(s.id() + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }
}
