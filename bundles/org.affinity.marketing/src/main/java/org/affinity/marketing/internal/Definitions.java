package org.affinity.marketing.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.Content;
import org.affinity.api.marketing.Delivery;
import org.affinity.api.marketing.Goal;
import org.affinity.api.marketing.Schedule;
import org.affinity.api.marketing.Variant;

/**
 * Checks a campaign definition and fills its defaults. Every problem is collected, so one answer
 * names everything to fix ("content.variants[1].body: unknown field 'frstName' ...; holdout: ...").
 */
final class Definitions {

    static final Set<String> CHANNELS = Set.of("email", "sms", "push", "in-app");
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Names of routes under /api/campaigns that a campaign id would hide. */
    static final Set<String> RESERVED = Set.of("simulate", "draft");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final int DEFAULT_GOAL_DAYS = 14;

    /** What checking needs from outside: rule compilation and the webhook policy. */
    interface Checks {
        /** Throws IllegalArgumentException naming the problem of a rule. */
        void rule(String expression);

        /** Throws IllegalArgumentException when the segment is unknown (no-op when segments cannot be asked). */
        void segment(String id);

        /** Whether campaigns may post to this URL. */
        boolean webhookAllowed(String url);

        /** The configured default webhook URL, or blank. */
        String defaultWebhook();
    }

    private Definitions() {
    }

    /**
     * The definition, checked, with defaults filled in (goal: a purchase within 14 days; channel email;
     * name: the id).
     *
     * @throws IllegalArgumentException naming every problem
     */
    static Campaign check(Campaign d, Checks checks) {
        List<String> problems = new ArrayList<>();
        if (d.id() != null && !ID.matcher(d.id()).matches()) {
            problems.add("id: 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit, was '" + d.id() + "'");
        } else if (d.id() != null && RESERVED.contains(d.id())) {
            problems.add("id: '" + d.id() + "' is reserved (a route under /api/campaigns)");
        }
        String channel = d.channel() == null ? "email" : FrequencyCaps.channel(d.channel().trim().toLowerCase(Locale.ROOT));
        if (!CHANNELS.contains(channel)) {
            problems.add("channel: one of email, sms, push, in-app, was '" + d.channel() + "'");
        }
        audience(d.audience(), checks, problems);
        Goal goal = d.goal() == null ? Goal.purchaseWithin(DEFAULT_GOAL_DAYS) : d.goal();
        if (goal.event() == null) {
            problems.add("goal.event: required (e.g. purchase)");
        }
        if (goal.days() < 1 || goal.days() > 365) {
            problems.add("goal.days: between 1 and 365, was " + goal.days());
        }
        if (goal.minValue() != null && goal.minValue().signum() < 0) {
            problems.add("goal.minValue: not negative, was " + goal.minValue());
        }
        content(d.content(), problems);
        schedule(d.schedule(), problems);
        if (!(d.holdout() >= 0 && d.holdout() <= 0.9)) {
            problems.add("holdout: a share between 0 and 0.9, was " + d.holdout());
        }
        Delivery delivery = delivery(d.delivery(), checks, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid campaign: " + String.join("; ", problems));
        }
        String name = d.name() == null || d.name().isBlank() ? d.id() : d.name().trim();
        return new Campaign(d.id(), name, d.audience(), goal, channel, d.content(), d.schedule(), d.holdout(),
                d.transactional(), delivery, d.state(), d.created(), d.updated(), d.runs(), d.nextRun());
    }

    private static void audience(Audience a, Checks checks, List<String> problems) {
        if (a == null || a.kind() == null) {
            problems.add("audience.kind: one of ALL, SEGMENT, RULE, LOOKALIKE, THEME");
            return;
        }
        switch (a.kind()) {
            case SEGMENT -> {
                if (require(a.segment(), "audience.segment", "a segment id", problems)) {
                    try {
                        checks.segment(a.segment());
                    } catch (IllegalArgumentException e) {
                        problems.add("audience.segment: " + e.getMessage());
                    }
                }
            }
            case RULE -> {
                if (require(a.rule(), "audience.rule", "a rule", problems)) {
                    ruleProblem(a.rule(), "audience.rule", checks, problems::add);
                }
            }
            case LOOKALIKE -> {
                if (a.seeds().isEmpty()) {
                    problems.add("audience.seeds: at least one seed member id");
                }
            }
            case THEME -> require(a.theme(), "audience.theme", "a text, e.g. \"cosy Christmas home decorations\"", problems);
            case ALL -> {
                // everyone with consent
            }
        }
        if (a.size() != null && (a.size() < 1 || a.size() > 10_000_000)) {
            problems.add("audience.size: between 1 and 10,000,000, was " + a.size());
        }
        if (a.minSimilarity() != null && (a.minSimilarity() < -1 || a.minSimilarity() > 1)) {
            problems.add("audience.minSimilarity: a cosine between -1 and 1, was " + a.minSimilarity());
        }
        if ((a.size() != null || a.minSimilarity() != null) && !a.ranked()) {
            problems.add("audience.size and audience.minSimilarity apply to LOOKALIKE and THEME audiences only");
        }
        if (a.within() != null && !a.within().isBlank()) {
            ruleProblem(a.within(), "audience.within", checks, problems::add);
        }
    }

    private static void ruleProblem(String rule, String field, Checks checks, Consumer<String> problems) {
        try {
            checks.rule(rule);
        } catch (IllegalArgumentException e) {
            problems.accept(field + ": " + e.getMessage());
        }
    }

    private static void content(Content c, List<String> problems) {
        if (c == null || c.variants().isEmpty()) {
            problems.add("content.variants: at least one variant with a body");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < c.variants().size(); i++) {
            Variant v = c.variants().get(i);
            String at = "content.variants[" + i + "]";
            if (v.id() == null || !ID.matcher(v.id()).matches()) {
                problems.add(at + ".id: 1-64 lower-case letters, digits, '-' or '_', was '" + v.id() + "'");
            } else if (!ids.add(v.id())) {
                problems.add(at + ".id: '" + v.id() + "' is used twice");
            }
            if (require(v.body(), at + ".body", "the message", problems)) {
                template(v.body(), at + ".body", problems);
            }
            template(v.subject(), at + ".subject", problems);
            if (v.weight() != null && !(v.weight() > 0)) {
                problems.add(at + ".weight: more than 0, was " + v.weight());
            }
            if (c.assignment() == Content.Assignment.THEME && (v.theme() == null || v.theme().isBlank())) {
                problems.add(at + ".theme: required when assignment is THEME (who this variant suits)");
            }
        }
        if (c.recommendations() < 0 || c.recommendations() > 50) {
            problems.add("content.recommendations: between 0 and 50, was " + c.recommendations());
        }
    }

    private static void template(String text, String field, List<String> problems) {
        try {
            Template.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage());
        }
    }

    private static void schedule(Schedule s, List<String> problems) {
        switch (s.kind()) {
            case AT -> {
                if (s.at() == null) {
                    problems.add("schedule.at: required for AT (an ISO-8601 instant)");
                }
            }
            case RECURRING -> {
                if (s.every() == null || s.every().compareTo(Duration.ofHours(1)) < 0) {
                    problems.add("schedule.every: at least PT1H for RECURRING, was " + s.every());
                }
                if (s.until() != null && s.at() != null && !s.until().isAfter(s.at())) {
                    problems.add("schedule.until: after schedule.at");
                }
            }
            default -> {
                // MANUAL and NOW need nothing more
            }
        }
    }

    private static Delivery delivery(Delivery d, Checks checks, List<String> problems) {
        if (d.kind() == null) {
            problems.add("delivery.kind: FILE or WEBHOOK");
            return d;
        }
        if (d.kind() == Delivery.Kind.FILE) {
            String format = d.format() == null ? "ndjson" : d.format().toLowerCase(Locale.ROOT);
            if (!format.equals("ndjson") && !format.equals("csv")) {
                problems.add("delivery.format: ndjson or csv, was '" + d.format() + "'");
            }
            if (d.file() != null && !FILE_NAME.matcher(d.file()).matches()) {
                problems.add("delivery.file: a plain file name in the outbox (letters, digits, '.', '-', '_'), was '"
                        + d.file() + "'");
            }
            return new Delivery(Delivery.Kind.FILE, format, d.file(), null);
        }
        String url = d.url() == null || d.url().isBlank() ? checks.defaultWebhook() : d.url().trim();
        if (url == null || url.isBlank()) {
            problems.add("delivery.url: required (no default webhook URL is configured in PID org.affinity.marketing)");
            return d;
        }
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add("delivery.url: an http or https URL, was '" + url + "'");
            } else if (!checks.webhookAllowed(url)) {
                problems.add("delivery.url: '" + url + "' is not among the allowed webhook URLs (PID org.affinity.marketing, webhookAllow)");
            }
        } catch (IllegalArgumentException e) {
            problems.add("delivery.url: not a URL: " + e.getMessage());
        }
        return new Delivery(Delivery.Kind.WEBHOOK, null, null, url);
    }

    private static boolean require(String value, String field, String what, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": required (" + what + ")");
            return false;
        }
        return true;
    }
}
