package org.affinity.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.affinity.api.profile.Contribution;
import org.affinity.api.profile.PopulationStats;
import org.affinity.api.profile.Profile;
import org.affinity.api.profile.ProfileExplanation;
import org.affinity.api.profile.Profiles;
import org.affinity.api.profile.SimilarMember;
import org.affinity.api.segment.Segments;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:profile, affinity:profiles - member profiles, their explanation, population statistics, rebuild. */
@Component(service = ProfileCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=profile",
        "osgi.command.function=profiles"})
public class ProfileCommands {

    private final Profiles profiles;
    private final Segments segments;

    @Activate
    public ProfileCommands(@Reference Profiles profiles, @Reference Segments segments) {
        this.profiles = profiles;
        this.segments = segments;
    }

    @Descriptor("show a member's profile: RFM, affinities, features, what shaped it, segments, similar members")
    public void profile(@Descriptor("member id") String id) {
        PrintStream out = System.out;
        Profile p = profiles.profile(id).orElseThrow(() -> new IllegalArgumentException(
                "no profile for '" + id + "' (unknown, no events yet, or no profiling consent)"));
        ProfileExplanation why = profiles.explain(id).orElseThrow();
        out.println("member " + id + ": " + why.summary());
        if (p.rfm() != null) {
            out.printf("  RFM       recency %d days, %d orders, net %s -> R%d F%d M%d %s%n", p.rfm().recencyDays(),
                    p.rfm().frequency(), p.rfm().monetary().stripTrailingZeros().toPlainString(), p.rfm().r(), p.rfm().f(),
                    p.rfm().m(), p.rfm().segment());
        }
        out.println("  keywords  " + shares(p.keywordAffinities(), 8));
        if (!p.categoryAffinities().isEmpty()) {
            out.println("  categories " + shares(p.categoryAffinities(), 6));
        }
        p.features().forEach((name, value) -> out.printf("  %-28s %s%n", name, value));
        out.println("  top items");
        for (Contribution item : why.items()) {
            out.printf("    %5.1f%%  %s (%s)%n", item.share() * 100, item.label(), item.key());
        }
        out.println("  segments  " + segments.segmentsOf(id));
        List<SimilarMember> similar = profiles.similar(id, 5);
        if (!similar.isEmpty()) {
            StringBuilder line = new StringBuilder("  similar  ");
            similar.forEach(s -> line.append(String.format(" %s (%.3f)", s.memberId(), s.similarity())));
            out.println(line);
        }
    }

    @Descriptor("population statistics: RFM reference date, quintile thresholds and segment sizes")
    public void profiles() {
        print(profiles.population());
    }

    @Descriptor("profiles rebuild: recompute every profile from the store (a job, watched here); profiles refresh: "
            + "recompute the population statistics now")
    public void profiles(@Descriptor("rebuild | refresh") String action) throws InterruptedException {
        switch (action) {
            case "rebuild":
                JobsCommand.watch(profiles.rebuild(), System.out, true);
                break;
            case "refresh":
                print(profiles.refreshPopulation());
                break;
            default:
                throw new IllegalArgumentException("unknown action '" + action + "': use rebuild or refresh");
        }
    }

    private static void print(PopulationStats stats) {
        PrintStream out = System.out;
        out.printf("%,d profiles, %,d members who purchased; reference date %s; refreshed %s%n", stats.profiles(),
                stats.members(), stats.referenceDate(), stats.refreshed());
        stats.thresholds().forEach((name, value) -> {
            if (!List.of("reference", "members", "refreshed").contains(name)) {
                out.printf("  %-12s %s%n", name, value);
            }
        });
        stats.rfmSegments().forEach((name, size) -> out.printf("  %-20s %,7d%n", name, size));
    }

    private static String shares(Map<String, Double> shares, int limit) {
        StringBuilder text = new StringBuilder();
        shares.entrySet().stream().limit(limit)
                .forEach(e -> text.append(String.format("%s %.2f  ", e.getKey(), e.getValue())));
        return text.toString().trim();
    }
}
