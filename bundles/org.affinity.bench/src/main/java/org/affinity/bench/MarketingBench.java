package org.affinity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.affinity.api.event.EventType;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.CampaignRun;
import org.affinity.api.marketing.Campaigns;
import org.affinity.api.marketing.Content;
import org.affinity.api.marketing.Delivery;
import org.affinity.api.marketing.Goal;
import org.affinity.api.marketing.Schedule;
import org.affinity.api.marketing.SimulationReport;
import org.affinity.api.marketing.SimulationRequest;
import org.affinity.api.marketing.Variant;
import org.affinity.api.member.Member;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Routing;
import org.affinity.api.recommend.UpliftReport;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.ingest.internal.ImportRun;
import org.affinity.marketing.internal.StandaloneMarketing;
import org.affinity.profile.internal.StandaloneProfiles;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;

import com.zaxxer.hikari.HikariDataSource;

/**
 * ./affinity bench marketing [sizes, e.g. 250,500,1000] [aaRuns]
 *
 * A Christmas campaign decided on 2011-10-01 on the Online Retail demo: the audience is chosen from
 * profiles rebuilt from the events before that day (the real profile engine, member vectors from the
 * real int8 MiniLM model), then compared with who bought an item whose title says Christmas in the
 * following 30 days, against random targeting of the same size and against random-vs-random (A/A)
 * runs. Targeting precision, not causal uplift: nobody in the data set was sent anything. Then the
 * time to build an audience over every member, render throughput, and a whole send to a file.
 */
public final class MarketingBench {

    static final Instant DECISION = Instant.parse("2011-10-01T00:00:00Z");
    static final String THEME = "cosy Christmas home decorations";
    static final String ACTIVE = "rfm.r >= 3";
    static final String LAPSED = "rfm.r <= 2";

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "250,500,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int aaRuns = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String modelId = "all-minilm-l6-v2-q";
        Path file = BenchEnvironment.root().resolve("bundles/org.affinity.demo/data/online-retail.csv.gz");
        System.out.println("Marketing: Online Retail, decision " + DECISION + ", goal: purchase of an item titled "
                + "CHRISTMAS or XMAS within 30 days; audiences of " + Arrays.toString(sizes) + "; " + aaRuns + " A/A runs; model " + modelId + "; "
                + BenchEnvironment.describe());
        Path folder = Files.createTempDirectory("affinity-marketing-bench");
        try (HikariDataSource database = IngestBench.h2(folder.resolve("h2"));
                OnnxEmbeddingModel model = BenchModels.open(modelId, EmbeddingSettings.DEFAULTS)) {
            JdbcStore store = new JdbcStore(database, Dialect.H2, 256, Duration.ofSeconds(10));
            new ImportRun(new ImportRequest(file, "online-retail", Map.of(), Map.of("consent", "all")), store)
                    .run(new RecordingJobContext());
            StandaloneProfiles profiles = new StandaloneProfiles(store, model, null, ZoneId.of("Europe/London"), null);
            long rebuild = System.nanoTime();
            profiles.rebuild(new RecordingJobContext());
            profiles.refresh();
            System.out.printf("profiles of every member rebuilt in %.1f s%n%n", (System.nanoTime() - rebuild) / 1e9);
            Recommendations topItems = topItems(store);
            StandaloneMarketing marketing = new StandaloneMarketing(folder.resolve("marketing"), store, profiles.service(),
                    model, topItems, Map.of("quietHours", ""));
            Campaigns campaigns = marketing.campaigns();
            targeting(campaigns, sizes, aaRuns);
            throughput(campaigns, marketing, store);
            store.close();
        } finally {
            delete(folder);
        }
    }

    private static void targeting(Campaigns campaigns, int[] sizes, int aaRuns) throws Exception {
        Goal goal = new Goal(EventType.PURCHASE, 30, null, null, Set.of("christmas", "xmas"), null);
        Table table = new Table(System.out, "targeting", "audience", "converters", "precision", "random, same size",
                "recall", "lift", "lift 95% interval", "Qini", "A/A lift 97.5%", "beats chance", "A/A false positives", "seconds");
        List<Object[]> rows = new ArrayList<>();
        for (int size : sizes) {
            rows.add(new Object[] {"semantic theme", Audience.theme(THEME, size, null)});
        }
        for (int size : sizes) {
            rows.add(new Object[] {"RFM + theme (theme within " + ACTIVE + ")", Audience.theme(THEME, size, null).within(ACTIVE)});
        }
        rows.add(new Object[] {"theme within the lapsed (" + LAPSED + ")", Audience.theme(THEME, sizes[sizes.length / 2], null)
                .within(LAPSED)});
        rows.add(new Object[] {"RFM alone: " + ACTIVE, Audience.rule(ACTIVE)});
        SimulationReport first = null;
        for (Object[] row : rows) {
            JobStatus status = campaigns.simulate(new SimulationRequest(DECISION, (Audience) row[1], null, goal, "email", aaRuns,
                    1L)).await(Duration.ofHours(1));
            if (status.state() != JobState.SUCCEEDED) {
                throw new IllegalStateException(row[0] + ": " + status.error());
            }
            SimulationReport r = (SimulationReport) status.result();
            first = first == null ? r : first;
            boolean beats = r.liftInterval() != null && r.liftInterval().lower() > r.aa().liftP975();
            table.row(row[0], r.targeted().members(), r.targeted().converters(), r.targeted().precision(),
                    r.random().precision(), r.targeted().recall(), r.liftRatio(), r.liftInterval() == null ? "-"
                            : String.format("%.2f-%.2f", r.liftInterval().lower(), r.liftInterval().upper()),
                    r.qini(), r.aa().liftP975(), beats ? "yes" : "no", String.format("%.1f%%", 100 * r.aa().falsePositiveRate()),
                    r.seconds());
        }
        System.out.printf("%neligible members (profiled before %s, with consent): %,d; converters: %,d (base rate %.4f)%n",
                DECISION, first.eligible(), first.converters(), first.baseRate());
        StringBuilder gain = new StringBuilder("cumulative gain of the theme (share targeted -> share of converters):");
        for (SimulationReport.GainPoint p : first.gain()) {
            if (Math.round(p.targetedShare() * 20) % 2 == 0) {
                gain.append(String.format(" %.0f%%->%.0f%%", 100 * p.targetedShare(), 100 * p.convertersShare()));
            }
        }
        System.out.println(gain);
        System.out.println();
    }

    private static void throughput(Campaigns campaigns, StandaloneMarketing marketing, JdbcStore store) throws Exception {
        Table table = new Table(System.out, "operation", "members", "seconds", "per second");
        Campaign theme = campaigns.create(Campaign.define("bench-theme", null, Audience.theme(THEME, null, null), null, "email",
                Content.of(null, "-"), Schedule.MANUAL, 0.1, false, Delivery.FILE));
        double[] seconds = new double[5];
        long treated = 0;
        for (int i = 0; i < seconds.length; i++) {
            long start = System.nanoTime();
            treated = campaigns.preview(theme.id(), 0, 0).treated();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        table.row("audience build, theme over every member (median of 5)", treated, seconds[2], treated / seconds[2]);

        List<Member> members = new ArrayList<>();
        store.scanMembers(members::add);
        Content content = new Content(List.of(new Variant("a", "{{firstName|Hello}}, your Christmas picks",
                "Dear {{name|customer}} ({{country}}), {{points|no}} points. Until {{date+7}}:\n"
                        + "{{#items}}{{rank}}. {{title}} {{price}}\n{{/items}}", null, null)),
                Content.Assignment.RANDOM, 4, null, null);
        Campaign render = campaigns.create(Campaign.define("bench-render", null, Audience.all(), null, "email", content,
                Schedule.MANUAL, 0, false, Delivery.FILE));
        marketing.renderAll(render, members.subList(0, Math.min(500, members.size()))); // warm-up
        long start = System.nanoTime();
        int rendered = marketing.renderAll(render, members);
        double renderSeconds = (System.nanoTime() - start) / 1e9;
        table.row("render (member fields, 4 items, money, dates; no hand-off)", rendered, renderSeconds, rendered / renderSeconds);

        start = System.nanoTime();
        JobStatus sent = campaigns.send(render.id()).await(Duration.ofHours(1));
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        CampaignRun run = (CampaignRun) sent.result();
        table.row("send to an NDJSON file (audience, render, file, ledger, campaign_sent events in H2)", run.sent(),
                sendSeconds, run.sent() / sendSeconds);
    }

    /**
     * A stand-in for the recommendations service: the four best-selling items for everyone. Rendering
     * is measured here; the strategies' own latency is `./affinity bench serving`'s.
     */
    private static Recommendations topItems(JdbcStore store) {
        Map<String, Long> sold = new java.util.HashMap<>();
        store.scanEvents(e -> {
            if (e.type() == EventType.PURCHASE && e.itemId() != null) {
                sold.merge(e.itemId(), (long) e.quantity(), Long::sum);
            }
        });
        List<Recommendation> top = sold.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(4).map(e -> new Recommendation(e.getKey(), e.getValue(), "best seller")).toList();
        return new Recommendations() {
            @Override
            public RecommendationResult recommend(RecommendationRequest request) {
                return new RecommendationResult(top.subList(0, Math.min(request.count(), top.size())), "top", "default", null);
            }

            @Override
            public Set<String> strategies() {
                return Set.of("top");
            }

            @Override
            public String defaultStrategy() {
                return "top";
            }

            @Override
            public Routing routing() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Routing configure(Routing routing) {
                throw new UnsupportedOperationException();
            }

            @Override
            public UpliftReport uplift() {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static void delete(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
