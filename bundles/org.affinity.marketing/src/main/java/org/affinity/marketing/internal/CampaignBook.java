package org.affinity.marketing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.CampaignRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Campaigns and their runs on disk under {@code <affinity.data>/marketing}: definitions and states in
 * {@code campaigns.json} (replaced atomically), each run in {@code runs/<campaign>/<run>/} (see
 * {@link RunFolder}).
 */
final class CampaignBook {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignBook.class);
    static final String CAMPAIGNS = "campaigns.json";

    private final Path folder;
    private final Map<String, Campaign> campaigns = new LinkedHashMap<>();
    private final Map<String, List<RunFolder>> runs = new LinkedHashMap<>();

    CampaignBook(Path folder) throws IOException {
        this.folder = folder;
        Files.createDirectories(folder);
        Path file = folder.resolve(CAMPAIGNS);
        if (Files.exists(file)) {
            for (Campaign c : Json.MAPPER.readValue(file.toFile(), new TypeReference<List<Campaign>>() { })) {
                campaigns.put(c.id(), new Campaign(c.id(), c.name(), c.audience(), c.goal(), c.channel(), c.content(),
                        c.schedule(), c.holdout(), c.transactional(), c.delivery(), c.state(), c.created(), c.updated(), null,
                        c.nextRun()));
                runs.put(c.id(), loadRuns(c.id()));
            }
        }
    }

    private List<RunFolder> loadRuns(String campaignId) throws IOException {
        List<RunFolder> loaded = new ArrayList<>();
        Path dir = runsFolder(campaignId);
        if (!Files.isDirectory(dir)) {
            return loaded;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry) && entry.getFileName().toString().matches("\\d+")) {
                    RunFolder run = RunFolder.load(entry);
                    if (run == null) {
                        LOG.info("campaign {}: run folder {} has no header (a crash while it was made): ignored", campaignId, entry);
                    } else {
                        loaded.add(run);
                    }
                }
            }
        }
        loaded.sort(Comparator.comparingInt(r -> r.state().number()));
        return loaded;
    }

    Path folder() {
        return folder;
    }

    Path runsFolder(String campaignId) {
        return folder.resolve("runs").resolve(campaignId);
    }

    synchronized boolean contains(String id) {
        return campaigns.containsKey(id);
    }

    synchronized Optional<Campaign> get(String id) {
        Campaign stored = campaigns.get(id);
        return stored == null ? Optional.empty() : Optional.of(withRuns(stored));
    }

    synchronized List<Campaign> list() {
        List<Campaign> all = new ArrayList<>();
        campaigns.values().forEach(c -> all.add(withRuns(c)));
        all.sort(Comparator.comparing(Campaign::created).reversed().thenComparing(Campaign::id));
        return all;
    }

    synchronized List<RunFolder> runs(String id) {
        return List.copyOf(runs.getOrDefault(id, List.of()));
    }

    synchronized List<RunFolder> allRuns() {
        List<RunFolder> all = new ArrayList<>();
        runs.values().forEach(all::addAll);
        return all;
    }

    synchronized Campaign put(Campaign campaign) {
        campaigns.put(campaign.id(), campaign);
        runs.putIfAbsent(campaign.id(), new ArrayList<>());
        save();
        return withRuns(campaign);
    }

    synchronized Campaign update(String id, UnaryOperator<Campaign> change) {
        Campaign updated = change.apply(campaigns.get(id));
        campaigns.put(id, updated);
        save();
        return withRuns(updated);
    }

    synchronized RunFolder addRun(String campaignId, RunState state, List<PlanEntry> plan) throws IOException {
        RunFolder run = RunFolder.create(runsFolder(campaignId).resolve(String.valueOf(state.number())), state, plan);
        runs.computeIfAbsent(campaignId, k -> new ArrayList<>()).add(run);
        return run;
    }

    private Campaign withRuns(Campaign c) {
        List<CampaignRun> summaries = new ArrayList<>();
        for (RunFolder run : runs.getOrDefault(c.id(), List.of())) {
            summaries.add(summary(run));
        }
        return new Campaign(c.id(), c.name(), c.audience(), c.goal(), c.channel(), c.content(), c.schedule(), c.holdout(),
                c.transactional(), c.delivery(), c.state(), c.created(), c.updated(), summaries, c.nextRun());
    }

    static CampaignRun summary(RunFolder run) {
        RunState s = run.state();
        long sent = 0;
        long capped = 0;
        long failed = 0;
        long withdrawn = 0;
        for (Outcome o : run.outcomes().values()) {
            switch (o.o()) {
                case Outcome.SENT -> sent++;
                case Outcome.CAPPED -> capped++;
                case Outcome.FAILED -> failed++;
                default -> withdrawn++;
            }
        }
        long handled = sent + capped + failed + withdrawn;
        long deferred = s.state() == Campaign.State.PAUSED && s.resumeAt() != null ? Math.max(0, s.treated() - handled) : 0;
        return new CampaignRun(s.number(), s.started(), s.finished(), s.state(), s.matched(), s.withoutConsent() + withdrawn,
                s.globalControl(), s.holdout(), s.treated() - withdrawn, sent, capped, deferred, failed, s.model(), s.message());
    }

    private void save() {
        try {
            RunFolder.writeAtomically(folder.resolve(CAMPAIGNS),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(new ArrayList<>(campaigns.values())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + folder.resolve(CAMPAIGNS), e);
        }
    }
}
