package org.affinity.marketing.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.affinity.api.marketing.AudienceMember;
import org.affinity.api.marketing.AudiencePreview;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.Content;
import org.affinity.api.marketing.Variant;
import org.affinity.api.profile.Contribution;
import org.affinity.api.profile.ProfileExplanation;
import org.affinity.api.profile.ProfileView;
import org.affinity.api.profile.Profiles;
import org.affinity.api.store.Store;

/**
 * A campaign's audience now: the targeting's picks among members with consent, split into the global
 * control group, the campaign's holdout and the treated members with their variant.
 */
final class Audiences {

    /** The frozen audience of a run, with its counts. */
    record Split(List<PlanEntry> plan, long matched, long withoutConsent, long globalControl, long holdout, long treated,
            String model, Targeting.Selection selection) {
    }

    private final Store store;
    private final Targeting targeting;
    private final Targeting.Embedder embedder;
    private final double globalControl;
    private final String globalSalt;

    Audiences(Store store, Targeting targeting, Targeting.Embedder embedder, double globalControl, String globalSalt) {
        this.store = store;
        this.targeting = targeting;
        this.embedder = embedder;
        this.globalControl = globalControl;
        this.globalSalt = globalSalt;
    }

    /** Every member of the store and whether they consent to the campaign's channel. */
    Targeting.Universe universe(String channel) {
        List<String> ids = new ArrayList<>();
        Map<String, Boolean> consents = new HashMap<>();
        store.scanMembers(member -> {
            ids.add(member.id());
            consents.put(member.id(), member.consent().allows(channel));
        });
        return Targeting.Universe.of(ids, id -> Boolean.TRUE.equals(consents.get(id)));
    }

    Split split(Campaign campaign, ProfileView view) {
        Targeting.Selection selection = targeting.select(campaign.audience(), view, universe(campaign.channel()));
        VariantChooser variants = new VariantChooser(campaign, view, embedder);
        List<PlanEntry> plan = new ArrayList<>();
        long global = 0;
        long holdout = 0;
        for (Targeting.Pick pick : selection.picks()) {
            String id = pick.memberId();
            // Transactional messages (receipts, account notices) reach the global control group too.
            if (!campaign.transactional() && Draw.globalControl(globalSalt, id, globalControl)) {
                plan.add(new PlanEntry(id, PlanEntry.GLOBAL_CONTROL, null, pick.score()));
                global++;
            } else if (Draw.holdout(campaign.id(), id, campaign.holdout())) {
                plan.add(new PlanEntry(id, PlanEntry.HOLDOUT, null, pick.score()));
                holdout++;
            } else {
                plan.add(new PlanEntry(id, PlanEntry.TREATED, variants.choose(id), pick.score()));
            }
        }
        String model = selection.model() != null ? selection.model() : variants.model();
        return new Split(plan, selection.matched(), selection.withoutConsent(), global, holdout,
                plan.size() - global - holdout, model, selection);
    }

    /** The audience as it would be built now, one page of it with reasons. */
    AudiencePreview preview(Campaign campaign, Profiles profiles, int offset, int limit) {
        Split split = split(campaign, profiles.current());
        List<AudienceMember> page = new ArrayList<>();
        List<PlanEntry> reached = split.plan().stream().filter(e -> !PlanEntry.GLOBAL_CONTROL.equals(e.g())).toList();
        for (int i = offset; i < Math.min(reached.size(), offset + limit); i++) {
            PlanEntry entry = reached.get(i);
            page.add(new AudienceMember(entry.m(), entry.s(), entry.treated() ? "treated" : "holdout", entry.v(),
                    reasons(campaign, entry, profiles)));
        }
        return new AudiencePreview(campaign.id(), split.matched(), split.withoutConsent(), split.globalControl(),
                split.holdout(), split.treated(), split.model(), offset, page);
    }

    private List<String> reasons(Campaign campaign, PlanEntry entry, Profiles profiles) {
        List<String> reasons = new ArrayList<>();
        var audience = campaign.audience();
        switch (audience.kind()) {
            case ALL -> reasons.add("every member with consent for " + campaign.channel());
            case SEGMENT -> reasons.add("in segment " + audience.segment());
            case RULE -> reasons.add("matches the rule " + audience.rule());
            case LOOKALIKE -> reasons.add(String.format("similarity %.3f to the centre of seeds %s", entry.s(),
                    String.join(", ", audience.seeds())));
            case THEME -> reasons.add(String.format("similarity %.3f to the theme '%s'", entry.s(), audience.theme()));
        }
        if (audience.within() != null && !audience.within().isBlank()) {
            reasons.add("matches " + audience.within());
        }
        profiles.current().rfm(entry.m()).ifPresent(rfm -> reasons.add("RFM segment " + rfm.segment()
                + " (R" + rfm.r() + " F" + rfm.f() + " M" + rfm.m() + ")"));
        if (audience.ranked()) {
            Optional<ProfileExplanation> explanation = profiles.explain(entry.m());
            explanation.ifPresent(e -> {
                List<String> top = e.items().stream().limit(3).map(Contribution::label).toList();
                if (!top.isEmpty()) {
                    reasons.add("their profile is shaped most by " + String.join("; ", top));
                }
            });
        }
        reasons.add(entry.treated() ? "gets variant " + entry.v()
                : String.format("holdout: kept out to measure uplift (%.0f%% of the audience, fixed per member)",
                        100 * campaign.holdout()));
        return reasons;
    }

    /** Picks each treated member's variant. */
    static final class VariantChooser {

        private final Campaign campaign;
        private final ProfileView view;
        private final List<Variant> variants;
        private final double totalWeight;
        private final List<float[]> themes = new ArrayList<>();
        private final String model;

        VariantChooser(Campaign campaign, ProfileView view, Targeting.Embedder embedder) {
            this.campaign = campaign;
            this.view = view;
            this.variants = campaign.content().variants();
            this.totalWeight = variants.stream().mapToDouble(Variant::share).sum();
            if (campaign.content().assignment() == Content.Assignment.THEME && variants.size() > 1) {
                model = view.vectorModel();
                if (model == null) {
                    throw new IllegalStateException("variant themes need member vectors, and no member has one yet");
                }
                for (Variant v : variants) {
                    themes.add(embedder.embed(v.theme(), model));
                }
            } else {
                model = null;
            }
        }

        String model() {
            return model;
        }

        String choose(String memberId) {
            if (variants.size() == 1) {
                return variants.get(0).id();
            }
            if (!themes.isEmpty()) {
                Optional<float[]> vector = view.vector(memberId);
                if (vector.isPresent() && vector.get().length == themes.get(0).length) {
                    int best = 0;
                    double bestScore = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < themes.size(); i++) {
                        double score = Vectors.dot(themes.get(i), vector.get());
                        if (score > bestScore) {
                            bestScore = score;
                            best = i;
                        }
                    }
                    return variants.get(best).id();
                }
            }
            double draw = Draw.uniform("variant:" + campaign.id(), memberId) * totalWeight;
            for (Variant v : variants) {
                draw -= v.share();
                if (draw < 0) {
                    return v.id();
                }
            }
            return variants.get(variants.size() - 1).id();
        }
    }
}
