package org.affinity.marketing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.affinity.api.job.JobContext;
import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.Goal;
import org.affinity.api.marketing.Interval;
import org.affinity.api.marketing.SimulationReport;
import org.affinity.api.profile.ProfileView;
import org.affinity.api.store.Store;

/**
 * A targeting tried on history: the audience is chosen from profiles rebuilt from the events before
 * the decision date only, then compared with who reached the goal in the following days, against a
 * random audience of the same size drawn from the same eligible members. A/A runs (two random audiences)
 * show what chance alone produces. No one was sent anything, so this measures how well the targeting
 * finds members who were going to convert (precision), not what a message would have changed (uplift).
 */
final class Simulation {

    static final int GAIN_POINTS = 20;

    /** A request with every default filled in. */
    record Plan(Instant at, Audience audience, Goal goal, String channel, int aaRuns, long seed) {
    }

    private final Store store;
    private final Targeting targeting;

    Simulation(Store store, Targeting targeting) {
        this.store = store;
        this.targeting = targeting;
    }

    SimulationReport run(Plan plan, ProfileView view, JobContext context) {
        long started = System.nanoTime();
        Map<String, Boolean> consent = new HashMap<>();
        store.scanMembers(m -> consent.put(m.id(), m.consent().allows(plan.channel())));
        List<String> eligible = new ArrayList<>();
        for (String id : view.members()) {
            if (Boolean.TRUE.equals(consent.get(id))) {
                eligible.add(id);
            }
        }
        Collections.sort(eligible);
        Set<String> eligibleSet = new HashSet<>(eligible);
        context.message("choosing the audience as of " + plan.at());
        // The universe holds only members with consent.
        Targeting.Selection selection = targeting.select(plan.audience(), view, Targeting.Universe.of(eligible, id -> true));
        context.message("who reached the goal in the " + plan.goal().days() + " days after " + plan.at());
        Instant until = plan.at().plus(Duration.ofDays(plan.goal().days()));
        GoalMatcher goal = GoalMatcher.of(plan.goal(), store);
        Set<String> converters = new HashSet<>();
        store.scanEvents(event -> {
            if (eligibleSet.contains(event.memberId()) && goal.reaches(event, plan.at(), until)) {
                converters.add(event.memberId());
            }
        });
        List<String> audience = selection.picks().stream().map(Targeting.Pick::memberId).toList();
        int n = audience.size();
        long hits = audience.stream().filter(converters::contains).count();
        Random random = new Random(plan.seed());
        List<String> randomAudience = sample(eligible, n, random);
        long randomHits = randomAudience.stream().filter(converters::contains).count();
        double z = Proportions.z(Reports.CONFIDENCE);
        long total = converters.size();
        double baseRate = eligible.isEmpty() ? 0 : (double) total / eligible.size();
        // The lift is over the base rate, the precision random targeting has on average: every eligible
        // member is observed, so it carries no sampling error of its own; the targeted precision does.
        Interval precision = Proportions.wilson(hits, n, z);
        Interval lift = baseRate == 0 || n == 0 ? null
                : new Interval(precision.lower() / baseRate, precision.upper() / baseRate);
        List<String> ranking = ranking(audience, selection, eligible, new Random(plan.seed() + 1));
        Gain gain = gain(ranking, converters);
        SimulationReport.AaResult aa = aa(eligible, n, converters, baseRate, plan.aaRuns(), new Random(plan.seed() + 2), z);
        List<String> notes = new ArrayList<>();
        notes.add("Targeting precision, not causal uplift: nobody was sent anything, so this shows how well the targeting "
                + "finds members who went on to reach the goal by themselves.");
        notes.add("The audience was chosen from profiles rebuilt from the events before " + plan.at() + " only.");
        if (aa.liftP975() > 0 && lift != null && lift.lower() > aa.liftP975()) {
            notes.add("The lift's 95% lower bound lies above the 97.5th percentile of " + aa.runs()
                    + " random-against-random runs: the targeting beats chance.");
        } else {
            notes.add("The lift's 95% interval reaches into what random-against-random runs produce: not distinguishable from chance.");
        }
        return new SimulationReport(plan.at(), until, describe(plan.audience()), plan.goal(), selection.model(), eligible.size(),
                total, baseRate, result(n, hits, total), result(n, randomHits, total),
                baseRate == 0 || n == 0 ? null : ((double) hits / n) / baseRate, lift,
                gain.qini(), gain.points(), aa, Math.round((System.nanoTime() - started) / 1e7) / 100.0, notes);
    }

    private static SimulationReport.TargetingResult result(long members, long hits, long converters) {
        return new SimulationReport.TargetingResult(members, hits, members == 0 ? 0 : (double) hits / members,
                converters == 0 ? 0 : (double) hits / converters);
    }

    /**
     * Every eligible member in the order the targeting would reach them: its audience first (in its
     * order), then, for ranked targetings, the others by similarity, then the rest at random.
     */
    static List<String> ranking(List<String> audience, Targeting.Selection selection, List<String> eligible, Random random) {
        List<String> order = new ArrayList<>(audience);
        Set<String> placed = new HashSet<>(audience);
        List<Map.Entry<String, Double>> scored = new ArrayList<>(selection.scores().entrySet());
        scored.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Double> entry : scored) {
            if (placed.add(entry.getKey())) {
                order.add(entry.getKey());
            }
        }
        List<String> rest = new ArrayList<>();
        for (String id : eligible) {
            if (!placed.contains(id)) {
                rest.add(id);
            }
        }
        Collections.shuffle(rest, random);
        order.addAll(rest);
        return order;
    }

    record Gain(double qini, List<SimulationReport.GainPoint> points) {
    }

    /**
     * The cumulative-gain curve of a ranking and its Qini coefficient: (area under the curve - 1/2)
     * over (the perfect ranking's area - 1/2); 1/2 is random targeting's diagonal.
     */
    static Gain gain(List<String> ranking, Set<String> converters) {
        int total = ranking.size();
        long positives = ranking.stream().filter(converters::contains).count();
        List<SimulationReport.GainPoint> points = new ArrayList<>();
        points.add(new SimulationReport.GainPoint(0, 0));
        if (total == 0 || positives == 0) {
            return new Gain(0, points);
        }
        double area = 0;
        double perfect = 0;
        long captured = 0;
        int nextPoint = 1;
        for (int i = 1; i <= total; i++) {
            long before = captured;
            if (converters.contains(ranking.get(i - 1))) {
                captured++;
            }
            area += (before + captured) / 2.0 / positives / total;
            perfect += (Math.min(i - 1, positives) + Math.min(i, positives)) / 2.0 / positives / total;
            while (nextPoint <= GAIN_POINTS && i >= Math.round((double) nextPoint * total / GAIN_POINTS)) {
                points.add(new SimulationReport.GainPoint((double) i / total, (double) captured / positives));
                nextPoint++;
            }
        }
        return new Gain(perfect <= 0.5 ? 0 : (area - 0.5) / (perfect - 0.5), points);
    }

    /**
     * Random against random, {@code runs} times, audiences of {@code size}: the lift of the first random
     * audience over the base rate (what chance gives a targeting of this size), and whether the 95%
     * Newcombe interval of the two audiences' difference excludes 0 (a false positive).
     */
    static SimulationReport.AaResult aa(List<String> eligible, int size, Set<String> converters, double baseRate, int runs,
            Random random, double z) {
        double[] lifts = new double[runs];
        int finite = 0;
        int falsePositives = 0;
        for (int r = 0; r < runs; r++) {
            long a = sample(eligible, size, random).stream().filter(converters::contains).count();
            long b = sample(eligible, size, random).stream().filter(converters::contains).count();
            if (baseRate > 0 && size > 0) {
                lifts[finite++] = (double) a / size / baseRate;
            }
            Interval difference = Proportions.newcombe(a, size, b, size, z);
            if (difference.lower() > 0 || difference.upper() < 0) {
                falsePositives++;
            }
        }
        lifts = Arrays.copyOf(lifts, finite);
        Arrays.sort(lifts);
        return new SimulationReport.AaResult(runs, percentile(lifts, 2.5), percentile(lifts, 50), percentile(lifts, 97.5),
                runs == 0 ? 0 : (double) falsePositives / runs);
    }

    /** Nearest-rank percentile; 0 for no values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code size} distinct members drawn without replacement (a partial Fisher-Yates shuffle). */
    static List<String> sample(List<String> from, int size, Random random) {
        List<String> pool = new ArrayList<>(from);
        int n = Math.min(size, pool.size());
        for (int i = 0; i < n; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return pool.subList(0, n);
    }

    static String describe(Audience audience) {
        StringBuilder text = new StringBuilder(audience.kind().name().toLowerCase());
        switch (audience.kind()) {
            case THEME -> text.append(" '").append(audience.theme()).append('\'');
            case SEGMENT -> text.append(' ').append(audience.segment());
            case RULE -> text.append(" '").append(audience.rule()).append('\'');
            case LOOKALIKE -> text.append(" of ").append(String.join(", ", audience.seeds()));
            default -> {
            }
        }
        if (audience.size() != null) {
            text.append(" size ").append(audience.size());
        }
        if (audience.minSimilarity() != null) {
            text.append(" similarity >= ").append(audience.minSimilarity());
        }
        if (audience.within() != null && !audience.within().isBlank()) {
            text.append(" within '").append(audience.within()).append('\'');
        }
        return text.toString();
    }
}
