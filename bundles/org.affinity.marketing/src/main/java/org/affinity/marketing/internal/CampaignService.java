package org.affinity.marketing.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.affinity.api.chat.LanguageModel;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.AudiencePreview;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.CampaignReport;
import org.affinity.api.marketing.CampaignRun;
import org.affinity.api.marketing.Campaigns;
import org.affinity.api.marketing.Delivery;
import org.affinity.api.marketing.Goal;
import org.affinity.api.marketing.Schedule;
import org.affinity.api.marketing.SimulationRequest;
import org.affinity.api.marketing.Variant;
import org.affinity.api.profile.Profiles;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.segment.Segments;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Campaigns service: definitions and runs under {@code <affinity.data>/marketing}, sends as jobs,
 * a scheduler for timed, recurring and paused campaigns, crash recovery at start, and the erasure
 * contract (a member erased leaves every plan, ledger, hand-off file and report).
 */
@Component(service = {Campaigns.class, StoreListener.class}, configurationPid = "org.affinity.marketing", immediate = true)
@Designate(ocd = MarketingConfig.class)
public class CampaignService implements Campaigns, StoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignService.class);

    private final Store store;
    private final Jobs jobs;
    private final MarketingConfig config;
    private final CampaignBook book;
    private final Path outbox;
    private final FrequencyCaps caps;
    private final QuietHours quietHours;
    private final Place.Defaults places;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    /** The send job of each campaign that has one running, and whether it was asked to stop. */
    private final Map<String, Job> active = new ConcurrentHashMap<>();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    /** Set while the component deactivates: interrupted runs stay SENDING, so the next start resumes them. */
    private volatile boolean shuttingDown;
    /** Hand-off files open for writing, so an erasure rewrites them through the writer. */
    private final Map<Path, FileHandOff> openFiles = new ConcurrentHashMap<>();
    /** Wraps each run's hand-off: tests put a crash in it. */
    volatile java.util.function.UnaryOperator<HandOff> handOffs = handOff -> handOff;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Profiles profiles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Segments segments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recommendations recommendations;

    /** The shop's model: member vectors are in its space. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(model.active=true)")
    private volatile EmbeddingModel model;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LanguageModel languageModel;

    @Activate
    public CampaignService(BundleContext context, MarketingConfig config, @Reference Store store, @Reference Jobs jobs)
            throws IOException {
        this(folder(context), config, store, jobs, Clock.systemUTC());
        startScheduler();
    }

    /** Outside OSGi (tests): services are set through the setters, the scheduler is not started. */
    CampaignService(Path folder, MarketingConfig config, Store store, Jobs jobs, Clock clock) throws IOException {
        this.store = store;
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
        this.book = new CampaignBook(folder);
        Path configured = Path.of(config.outbox());
        this.outbox = configured.isAbsolute() ? configured : folder.resolve(configured);
        this.caps = new FrequencyCaps(FrequencyCaps.parse(config.caps()));
        this.quietHours = QuietHours.parse(config.quietHours());
        this.places = new Place.Defaults(ZoneId.of(config.zone()), Locale.forLanguageTag(config.locale()), config.currency());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "affinity-campaigns");
            thread.setDaemon(true);
            return thread;
        });
        rememberContacts();
    }

    private static Path folder(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return Path.of(data == null || data.isBlank() ? "var" : data, "marketing");
    }

    /** Every handed-off marketing message of every run, for the frequency caps. */
    private void rememberContacts() {
        for (Campaign campaign : book.list()) {
            if (campaign.transactional()) {
                continue;
            }
            for (RunFolder run : book.runs(campaign.id())) {
                run.outcomes().values().stream().filter(o -> Outcome.SENT.equals(o.o()))
                        .forEach(o -> caps.remember(o.m(), campaign.channel(), o.at()));
            }
        }
    }

    void startScheduler() {
        int seconds = config.schedulerSeconds();
        // First tick soon after start: runs a crash cut short resume without waiting for a user.
        scheduler.scheduleWithFixedDelay(this::tick, 1, seconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        shuttingDown = true;
        scheduler.shutdownNow();
        active.keySet().forEach(stopping::add);
        for (Job job : active.values()) {
            job.await(Duration.ofSeconds(30));
        }
        active.clear();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }

    // --- services, also set by tests --------------------------------------------------------------

    void profiles(Profiles p) {
        profiles = p;
    }

    void segments(Segments s) {
        segments = s;
    }

    void recommendations(Recommendations r) {
        recommendations = r;
    }

    void model(EmbeddingModel m) {
        model = m;
    }

    void languageModel(LanguageModel m) {
        languageModel = m;
    }

    private Profiles requireProfiles() {
        Profiles current = profiles;
        if (current == null) {
            throw new IllegalStateException("the profiles service is not available (org.affinity.profile): audiences are "
                    + "chosen from member profiles");
        }
        return current;
    }

    /** Embeds a text in the space the member vectors are in, or says why it cannot. */
    private float[] embed(String text, String vectorModel) {
        EmbeddingModel current = model;
        if (current == null) {
            throw new IllegalStateException("no embedding model is available (org.affinity.embedding.onnx): themes are "
                    + "embedded by the shop's model");
        }
        if (!current.id().equals(vectorModel)) {
            throw new IllegalStateException("member vectors are in the space of '" + vectorModel + "' and the shop's model is '"
                    + current.id() + "': vectors of two models are never compared; try again once the profiles have been "
                    + "rebuilt for the new model (affinity:jobs)");
        }
        return current.embed(text);
    }

    private Targeting targeting() {
        return new Targeting(segments, this::embed);
    }

    private Audiences audiences() {
        return new Audiences(store, targeting(), this::embed, config.globalControl(), config.globalControlSalt());
    }

    // --- Campaigns --------------------------------------------------------------------------------

    @Override
    public List<Campaign> list() {
        return book.list();
    }

    @Override
    public Optional<Campaign> get(String id) {
        return id == null ? Optional.empty() : book.get(id);
    }

    @Override
    public Campaign create(Campaign definition) {
        if (definition == null) {
            throw new IllegalArgumentException("invalid campaign: no definition");
        }
        Campaign checked = Definitions.check(definition, checks());
        Instant now = clock.instant();
        Campaign created;
        synchronized (book) {
            String id = checked.id() != null ? checked.id() : freeId(checked.name());
            if (book.contains(id)) {
                throw new IllegalArgumentException("invalid campaign: id: '" + id + "' exists already");
            }
            Schedule schedule = checked.schedule();
            Campaign.State state = switch (schedule.kind()) {
                case MANUAL -> Campaign.State.DRAFT;
                case NOW -> Campaign.State.SENDING;
                case AT, RECURRING -> Campaign.State.SCHEDULED;
            };
            Instant next = switch (schedule.kind()) {
                case AT -> schedule.at();
                case RECURRING -> schedule.at() == null ? now : schedule.at();
                default -> null;
            };
            created = book.put(new Campaign(id, checked.name() == null ? id : checked.name(), checked.audience(),
                    checked.goal(), checked.channel(), checked.content(), schedule, checked.holdout(), checked.transactional(),
                    checked.delivery(), state, now, now, List.of(), next));
        }
        if (created.state() == Campaign.State.SENDING) {
            send(created.id());
            return book.get(created.id()).orElseThrow();
        }
        return created;
    }

    private Definitions.Checks checks() {
        return new Definitions.Checks() {
            @Override
            public void rule(String expression) {
                Profiles current = profiles;
                if (current != null) {
                    current.current().rule(expression);
                }
            }

            @Override
            public void segment(String id) {
                Segments current = segments;
                if (current != null && current.get(id).isEmpty()) {
                    throw new IllegalArgumentException("no segment '" + id + "'");
                }
            }

            @Override
            public boolean webhookAllowed(String url) {
                return Arrays.stream(config.webhookAllow()).anyMatch(p -> p.equals("*") || url.startsWith(p));
            }

            @Override
            public String defaultWebhook() {
                return config.webhookUrl();
            }
        };
    }

    private String freeId(String name) {
        String base = name == null ? "campaign" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "campaign";
        }
        base = base.length() > 56 ? base.substring(0, 56) : base;
        String id = base;
        for (int n = 2; book.contains(id) || Definitions.RESERVED.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    @Override
    public boolean cancel(String id) {
        if (!book.contains(id)) {
            return false;
        }
        book.update(id, c -> state(c, Campaign.State.CANCELLED, null));
        if (running(id)) {
            stopping.add(id);
        }
        return true;
    }

    @Override
    public AudiencePreview preview(String id, int offset, int limit) {
        Campaign campaign = book.get(id).orElseThrow(() -> new IllegalArgumentException("no campaign '" + id + "'"));
        return audiences().preview(campaign, requireProfiles(), Math.max(0, offset), Math.max(0, limit));
    }

    @Override
    public synchronized Job send(String id) {
        Campaign campaign = book.get(id).orElseThrow(() -> new IllegalArgumentException("no campaign '" + id + "'"));
        if (campaign.state() == Campaign.State.CANCELLED) {
            throw new IllegalArgumentException("campaign '" + id + "' is cancelled");
        }
        if (running(id)) {
            return active.get(id);
        }
        stopping.remove(id);
        List<RunFolder> runs = book.runs(id);
        RunFolder last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        boolean resume = last != null && (last.state().state() == Campaign.State.PAUSED
                || last.state().state() == Campaign.State.SENDING);
        int number = resume ? last.state().number() : (last == null ? 1 : last.state().number() + 1);
        book.update(id, c -> state(c, Campaign.State.SENDING, c.nextRun()));
        Job job = jobs.submit("campaign", (resume ? "resume" : "send") + " campaign " + id + " (run " + number + ")",
                context -> {
                    try {
                        RunFolder run = resume ? last : newRun(book.get(id).orElseThrow(), number, context);
                        return execute(id, run, context);
                    } catch (RuntimeException e) {
                        // An Error leaves the campaign SENDING, as a crash would: the scheduler resumes it.
                        book.update(id, c -> c.state() == Campaign.State.CANCELLED ? c
                                : state(c, Campaign.State.PAUSED, null));
                        throw e;
                    }
                });
        active.put(id, job);
        return job;
    }

    /** Whether a send job of the campaign is queued or running (a finished one may stay in the map until the next send). */
    private boolean running(String id) {
        Job job = active.get(id);
        return job != null && !job.status().state().finished();
    }

    private RunFolder newRun(Campaign campaign, int number, org.affinity.api.job.JobContext context) throws IOException {
        context.message("choosing the audience of campaign " + campaign.id());
        Audiences.Split split = audiences().split(campaign, requireProfiles().current());
        String file = campaign.delivery().kind() == Delivery.Kind.FILE ? (campaign.delivery().file() != null
                ? campaign.delivery().file() : campaign.id() + "-" + number + "." + campaign.delivery().format()) : null;
        RunState state = new RunState(number, clock.instant(), null, Campaign.State.SENDING, split.matched(),
                split.withoutConsent(), split.globalControl(), split.holdout(), split.treated(), split.model(), null, null,
                file, campaign.transactional(), campaign.channel());
        return book.addRun(campaign.id(), state, split.plan());
    }

    private CampaignRun execute(String id, RunFolder run, org.affinity.api.job.JobContext context) throws Exception {
        Campaign campaign = book.get(id).orElseThrow();
        SendRun.Result result;
        try (HandOff handOff = handOffs.apply(handOff(campaign, run))) {
            run.save(run.state().with(Campaign.State.SENDING, null, null, null));
            result = new SendRun(campaign, run, handOff, sendServices(), clock, () -> stopping.contains(id)).run(context);
        } finally {
            run.close();
        }
        Instant now = clock.instant();
        boolean cancelled = book.get(id).map(c -> c.state() == Campaign.State.CANCELLED).orElse(true);
        if (cancelled) {
            run.save(run.state().with(Campaign.State.CANCELLED, now, "cancelled", null));
        } else if (result.state() == Campaign.State.PAUSED && shuttingDown && result.resumeAt() == null) {
            run.save(run.state().with(Campaign.State.SENDING, null, "stopped with the platform: resumes at the next start", null));
        } else if (result.state() == Campaign.State.PAUSED) {
            run.save(run.state().with(Campaign.State.PAUSED, null, result.message(), result.resumeAt()));
            book.update(id, c -> state(c, Campaign.State.PAUSED, result.resumeAt()));
        } else {
            run.save(run.state().with(Campaign.State.SENT, now, null, null));
            book.update(id, c -> afterRun(c, now));
        }
        LOG.info("campaign {} run {}: {} sent, {} capped, {} failed, {} deferred{}", id, run.state().number(), result.sent(),
                result.capped(), result.failed(), result.deferred(), result.message() == null ? "" : " - " + result.message());
        return CampaignBook.summary(run);
    }

    /** After a complete run: a recurring campaign waits for its next occurrence, others are sent. */
    private static Campaign afterRun(Campaign c, Instant now) {
        Schedule schedule = c.schedule();
        if (schedule.kind() == Schedule.Kind.RECURRING) {
            Instant next = c.nextRun() == null ? now : c.nextRun();
            while (!next.isAfter(now)) {
                next = next.plus(schedule.every());
            }
            if (schedule.until() == null || !next.isAfter(schedule.until())) {
                return state(c, Campaign.State.SCHEDULED, next);
            }
        }
        return state(c, Campaign.State.SENT, null);
    }

    private static Campaign state(Campaign c, Campaign.State state, Instant next) {
        return new Campaign(c.id(), c.name(), c.audience(), c.goal(), c.channel(), c.content(), c.schedule(), c.holdout(),
                c.transactional(), c.delivery(), state, c.created(), Instant.now(), c.runs(), next);
    }

    private HandOff handOff(Campaign campaign, RunFolder run) throws IOException {
        Delivery delivery = campaign.delivery();
        if (delivery.kind() == Delivery.Kind.FILE) {
            Path path = outbox.resolve(run.state().file());
            FileHandOff file = FileHandOff.open(path, delivery.format(), run.state().number());
            openFiles.put(path, file);
            return new HandOff() {
                @Override
                public Set<String> delivered() throws IOException {
                    return file.delivered();
                }

                @Override
                public void deliver(Message message) {
                    file.deliver(message);
                }

                @Override
                public void force() {
                    file.force();
                }

                @Override
                public void close() throws IOException {
                    openFiles.remove(path);
                    file.close();
                }
            };
        }
        WebhookHandOff.Settings settings = new WebhookHandOff.Settings(config.webhookAttempts(),
                Duration.ofMillis(config.webhookBackoffMillis()), Duration.ofMillis(config.webhookMaxBackoffMillis()),
                Duration.ofMillis(config.webhookTimeoutMillis()), config.webhookSecret());
        return new WebhookHandOff(URI.create(delivery.url()), settings, duration -> Thread.sleep(duration.toMillis()));
    }

    private SendRun.Services sendServices() {
        Renderer renderer = new Renderer(store, recommendations, places);
        return new SendRun.Services() {
            @Override
            public Store store() {
                return store;
            }

            @Override
            public Renderer renderer() {
                return renderer;
            }

            @Override
            public FrequencyCaps caps() {
                return caps;
            }

            @Override
            public QuietHours quietHours() {
                return quietHours;
            }

            @Override
            public Place.Defaults places() {
                return places;
            }

            @Override
            public int pauseAfterFailures() {
                return config.pauseAfterFailures();
            }
        };
    }

    @Override
    public Optional<CampaignReport> report(String id) {
        return book.get(id).map(campaign -> Reports.compute(campaign, book.runs(id), store, clock.instant()));
    }

    @Override
    public Job simulate(SimulationRequest request) {
        Simulation.Plan plan = simulationPlan(request);
        Profiles current = requireProfiles();
        return jobs.submit("simulation", "simulate " + Simulation.describe(plan.audience()) + " at " + plan.at(),
                context -> new Simulation(store, targeting()).run(plan, current.asOf(plan.at(), context), context));
    }

    /** The request with the campaign's fields and the defaults filled in, checked. */
    Simulation.Plan simulationPlan(SimulationRequest request) {
        if (request == null || request.at() == null) {
            throw new IllegalArgumentException("invalid simulation: at: required (the decision moment, ISO-8601)");
        }
        Campaign campaign = null;
        if (request.campaignId() != null) {
            campaign = book.get(request.campaignId()).orElseThrow(() -> new IllegalArgumentException(
                    "invalid simulation: campaignId: no campaign '" + request.campaignId() + "'"));
        }
        Audience audience = request.audience() != null ? request.audience() : campaign == null ? null : campaign.audience();
        Goal goal = request.goal() != null ? request.goal() : campaign == null ? null : campaign.goal();
        String channel = request.channel() != null ? request.channel() : campaign == null ? "email" : campaign.channel();
        if (audience == null) {
            throw new IllegalArgumentException("invalid simulation: audience: required (or a campaignId)");
        }
        // The definition checks apply to the targeting and goal of a simulation too.
        Campaign probe = Definitions.check(Campaign.define("simulation", null, audience, goal, channel,
                org.affinity.api.marketing.Content.of(null, "-"), Schedule.MANUAL, 0, false, Delivery.FILE), checks());
        int runs = request.aaRuns() == null ? 200 : request.aaRuns();
        if (runs < 0 || runs > 10_000) {
            throw new IllegalArgumentException("invalid simulation: aaRuns: between 0 and 10,000, was " + runs);
        }
        return new Simulation.Plan(request.at(), audience, probe.goal(), probe.channel(), runs,
                request.seed() == null ? 1 : request.seed());
    }

    @Override
    public List<Variant> draft(String brief, String channel, int variants) throws IOException {
        if (!config.drafting()) {
            throw new IllegalStateException("copy drafting is off: set drafting=true in PID org.affinity.marketing");
        }
        LanguageModel current = languageModel;
        if (current == null) {
            throw new IllegalStateException("no language model is available (the chat capability's org.affinity.chat.llm)");
        }
        if (brief == null || brief.isBlank()) {
            throw new IllegalArgumentException("brief: required (what the message is for)");
        }
        String normalised = channel == null ? "email" : FrequencyCaps.channel(channel.toLowerCase(Locale.ROOT));
        if (!Definitions.CHANNELS.contains(normalised)) {
            throw new IllegalArgumentException("channel: one of email, sms, push, in-app, was '" + channel + "'");
        }
        if (variants < 1 || variants > 5) {
            throw new IllegalArgumentException("variants: between 1 and 5, was " + variants);
        }
        return Drafts.draft(current, brief, normalised, variants);
    }

    // --- scheduler --------------------------------------------------------------------------------

    /** Starts what is due: scheduled campaigns, paused runs whose quiet hours ended, runs a crash cut short. */
    void tick() {
        Instant now = clock.instant();
        for (Campaign campaign : book.list()) {
            try {
                if (running(campaign.id())) {
                    continue;
                }
                boolean due = campaign.nextRun() != null && !campaign.nextRun().isAfter(now)
                        && (campaign.state() == Campaign.State.SCHEDULED || campaign.state() == Campaign.State.PAUSED);
                boolean interrupted = campaign.state() == Campaign.State.SENDING; // no job: the process stopped mid-run
                if (due || interrupted) {
                    LOG.info("campaign {}: {}", campaign.id(), interrupted ? "resuming the run a stop interrupted" : "due");
                    send(campaign.id());
                }
            } catch (RuntimeException e) {
                LOG.warn("campaign {}: scheduled send failed: {}", campaign.id(), e.toString());
            }
        }
    }

    // --- StoreListener: erasure and export --------------------------------------------------------

    @Override
    public void memberErased(String memberId) {
        caps.erase(memberId);
        for (Campaign campaign : book.list()) {
            for (RunFolder run : book.runs(campaign.id())) {
                try {
                    synchronized (run) {
                        run.erase(memberId);
                        String file = run.state().file();
                        if (file != null) {
                            Path path = outbox.resolve(file);
                            FileHandOff open = openFiles.get(path);
                            if (open != null) {
                                open.erase(memberId);
                            } else {
                                FileHandOff.erase(path, campaign.delivery().format(), memberId);
                            }
                        }
                    }
                } catch (IOException e) {
                    LOG.error("campaign {} run {}: could not erase member {}: {}", campaign.id(), run.state().number(),
                            memberId, e.toString());
                }
            }
        }
    }

    @Override
    public Map<String, Object> exportMember(String memberId) {
        List<Map<String, Object>> held = new ArrayList<>();
        for (Campaign campaign : book.list()) {
            for (RunFolder run : book.runs(campaign.id())) {
                run.plan().stream().filter(e -> e.m().equals(memberId)).findFirst().ifPresent(entry -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("campaign", campaign.id());
                    line.put("run", run.state().number());
                    line.put("group", switch (entry.g()) {
                        case PlanEntry.HOLDOUT -> Reports.HOLDOUT;
                        case PlanEntry.GLOBAL_CONTROL -> Reports.GLOBAL_CONTROL;
                        default -> "treated";
                    });
                    if (entry.v() != null) {
                        line.put("variant", entry.v());
                    }
                    Outcome outcome = run.outcome(memberId);
                    if (outcome != null) {
                        line.put("outcome", outcome.o());
                        line.put("at", outcome.at());
                    }
                    held.add(line);
                });
            }
        }
        return held.isEmpty() ? Map.of() : Map.of("campaigns", held);
    }
}
