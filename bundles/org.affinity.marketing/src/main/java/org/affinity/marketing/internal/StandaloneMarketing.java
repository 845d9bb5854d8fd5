package org.affinity.marketing.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.affinity.api.embedding.EmbeddingModel;
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
}
