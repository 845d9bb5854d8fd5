package org.affinity.marketing.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.JobTask;
import org.affinity.api.job.Jobs;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.Campaigns;
import org.affinity.api.member.Member;
import org.affinity.api.profile.Profiles;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.store.Store;

/**
 * The campaign service outside OSGi, for benchmarks: jobs run on the caller's thread, configuration
 * is the defaults with the given overrides, the scheduler does not run.
 */
public final class StandaloneMarketing {

    private final CampaignService service;
    private final Store store;
    private final Recommendations recommendations;
    private final Place.Defaults places;

    public StandaloneMarketing(Path folder, Store store, Profiles profiles, EmbeddingModel model,
            Recommendations recommendations, Map<String, Object> config) throws Exception {
        MarketingConfig settings = config(config);
        this.service = new CampaignService(folder, settings, store, new CallerJobs(), Clock.systemUTC());
        this.store = store;
        this.recommendations = recommendations;
        this.places = new Place.Defaults(ZoneId.of(settings.zone()), Locale.forLanguageTag(settings.locale()), settings.currency());
        service.profiles(profiles);
        service.model(model);
        service.recommendations(recommendations);
    }

    public Campaigns campaigns() {
        return service;
    }

    /**
     * Renders the campaign's first variant for each member, without handing anything off; returns how
     * many were rendered (the caller times it).
     */
    public int renderAll(Campaign campaign, List<Member> members) {
        Renderer renderer = new Renderer(store, recommendations, places);
        Renderer.Templates templates = Renderer.Templates.of(campaign.content());
        String variant = campaign.content().variants().get(0).id();
        Instant now = Instant.now();
        int rendered = 0;
        for (Member member : members) {
            if (renderer.render(campaign, 1, templates, member, variant, now).body() != null) {
                rendered++;
            }
        }
        return rendered;
    }

    /** The configuration annotation: defaults, with overrides by attribute name. */
    private static MarketingConfig config(Map<String, Object> overrides) {
        return (MarketingConfig) Proxy.newProxyInstance(MarketingConfig.class.getClassLoader(),
                new Class<?>[] {MarketingConfig.class}, (self, method, args) -> switch (method.getName()) {
                    case "annotationType" -> MarketingConfig.class;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "MarketingConfig" + overrides;
                    default -> overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    /** Jobs that run at once on the calling thread: submit returns a finished job. */
    private static final class CallerJobs implements Jobs {

        @Override
        public Job submit(String kind, String title, JobTask task) {
            Instant started = Instant.now();
            long[] progress = {-1, 0};
            String[] unit = {null};
            JobContext context = new JobContext() {
                @Override
                public void total(long total, String newUnit) {
                    progress[0] = total;
                    unit[0] = newUnit;
                }

                @Override
                public void done(long done) {
                    progress[1] = done;
                }

                @Override
                public void advance(long units) {
                    progress[1] += units;
                }

                @Override
                public void message(String message) {
                    // nobody watches
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            };
            JobStatus status;
            try {
                Object result = task.run(context);
                status = new JobStatus("caller", kind, title, JobState.SUCCEEDED, progress[1], progress[0], unit[0], null,
                        started, Instant.now(), null, result);
            } catch (Exception e) {
                status = new JobStatus("caller", kind, title, JobState.FAILED, progress[1], progress[0], unit[0], null,
                        started, Instant.now(), e.toString(), null);
            }
            JobStatus finished = status;
            return new Job() {
                @Override
                public String id() {
                    return finished.id();
                }

                @Override
                public JobStatus status() {
                    return finished;
                }

                @Override
                public JobStatus await(Duration timeout) {
                    return finished;
                }

                @Override
                public boolean cancel() {
                    return false;
                }
            };
        }

        @Override
        public List<JobStatus> list() {
            return List.of();
        }

        @Override
        public Optional<Job> get(String id) {
            return Optional.empty();
        }
    }
}
