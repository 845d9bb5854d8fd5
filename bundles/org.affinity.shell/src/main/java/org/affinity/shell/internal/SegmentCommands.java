package org.affinity.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.affinity.api.segment.Segment;
import org.affinity.api.segment.Segments;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:segments - list, show, define and remove segments. */
@Component(service = SegmentCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=segments"})
public class SegmentCommands {

    private final Segments segments;

    @Activate
    public SegmentCommands(@Reference Segments segments) {
        this.segments = segments;
    }

    @Descriptor("list every segment with its size")
    public void segments() {
        for (Segment s : segments.list()) {
            System.out.printf("%-24s %-9s %,7d  %s%s%n", s.id(), s.kind(), s.size(), s.name(),
                    s.kind() == Segment.Kind.RFM ? "" : "  [" + s.definition() + "]");
        }
    }

    @Descriptor("segments show <id>: a segment and its first 20 members; segments remove <id>")
    public void segments(@Descriptor("show | remove") String action, @Descriptor("segment id") String id) {
        PrintStream out = System.out;
        switch (action) {
            case "show": {
                Segment s = segments.get(id).orElseThrow(() -> new IllegalArgumentException("no segment '" + id + "'"));
                out.printf("%s (%s, %,d members): %s%n", s.name(), s.kind(), s.size(), s.definition());
                List<String> first = segments.members(id, 0, 20);
                out.println("  " + String.join(" ", first) + (s.size() > first.size() ? " ..." : ""));
                break;
            }
            case "remove":
                out.println(segments.remove(id) ? "removed " + id : "no segment '" + id + "'");
                break;
            default:
                throw new IllegalArgumentException("unknown action '" + action + "': use show, remove or define");
        }
    }

    @Descriptor("segments define <id> rule|lookalike <definition> [name]: e.g. segments define xmas-risk rule "
            + "\"rfm.segment in ('At Risk','Cant Lose Them') and affinity('christmas') > 0.3\"; "
            + "segments define like-vip lookalike \"12347 12348 size=200\"")
    public void segments(@Descriptor("define") String action, @Descriptor("segment id") String id,
            @Descriptor("rule | lookalike") String kind, @Descriptor("the rule or the seed ids") String definition) {
        define(action, id, kind, definition, null);
    }

    @Descriptor("segments define <id> rule|lookalike <definition> <name>")
    public void segments(@Descriptor("define") String action, @Descriptor("segment id") String id,
            @Descriptor("rule | lookalike") String kind, @Descriptor("the rule or the seed ids") String definition,
            @Descriptor("display name") String name) {
        define(action, id, kind, definition, name);
    }

    private void define(String action, String id, String kind, String definition, String name) {
        if (!action.equals("define")) {
            throw new IllegalArgumentException("unknown action '" + action + "': use define");
        }
        Segment.Kind parsed;
        try {
            parsed = Segment.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be rule or lookalike, was '" + kind + "'");
        }
        Segment s = segments.define(id, name, parsed, definition);
        System.out.printf("defined %s (%s): %,d members%n", s.id(), s.kind(), s.size());
    }
}
