package org.affinity.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.job.JobContext;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.member.Member;
import org.affinity.api.store.Store;

/**
 * Hands off one run's messages, resuming wherever the run stopped. The order of writes is what makes
 * a resume exact:
 * <ol>
 * <li>the hand-off (a record appended to the outbox file, or a POST answered 2xx);</li>
 * <li>the member's ledger line;</li>
 * <li>every 100 members: the outbox file and the ledger synced, then the members' campaign_sent events
 * appended to the store (their ids are fixed per campaign, run and member, so appending them again
 * after a crash stores nothing twice).</li>
 * </ol>
 * A resumed run first takes every member the outbox file holds as sent (a crash between 1 and 2), then
 * re-announces the events of every sent member, then hands off the members with no ledger line. A
 * webhook cannot be read back: the one message in flight when the process died is posted again with
 * the same Idempotency-Key, for the receiver to drop.
 */
final class SendRun {

    static final int BATCH = 100;

    /** What the run needs from the service. */
    interface Services {
        Store store();

        Renderer renderer();

        FrequencyCaps caps();

        QuietHours quietHours();

        Place.Defaults places();

        int pauseAfterFailures();
    }

    /** How the run ended. */
    record Result(Campaign.State state, long sent, long capped, long failed, long deferred, long withdrawn,
            Instant resumeAt, String message) {
    }

    private final Campaign campaign;
    private final RunFolder run;
    private final HandOff handOff;
    private final Services services;
    private final Clock clock;
    private final BooleanSupplier stopped;

    SendRun(Campaign campaign, RunFolder run, HandOff handOff, Services services, Clock clock, BooleanSupplier stopped) {
        this.campaign = campaign;
        this.run = run;
        this.handOff = handOff;
        this.services = services;
        this.clock = clock;
        this.stopped = stopped;
    }

    Result run(JobContext context) throws Exception {
        int number = run.state().number();
        Renderer.Templates templates = Renderer.Templates.of(campaign.content());
        reconcile();
        List<PlanEntry> treated = run.plan().stream().filter(PlanEntry::treated).toList();
        context.total(treated.size(), "members");
        Map<String, Outcome> done = run.outcomes();
        context.done(done.size());
        context.message("campaign " + campaign.id() + " run " + number);
        List<Event> events = new ArrayList<>();
        Progress progress = new Progress(done.size());
        for (PlanEntry entry : treated) {
            if (done.containsKey(entry.m())) {
                continue;
            }
            if (stopped.getAsBoolean() || context.cancelled()) {
                progress.pausedBecause = "stopped before every member was handled: send resumes it";
                break;
            }
            // The run's monitor keeps an erasure from rewriting the run's files between the member's
            // look-up and their ledger line.
            synchronized (run) {
                handle(entry, number, templates, events, progress);
            }
            context.done(progress.handled);
            if (progress.pausedBecause != null) {
                break;
            }
            if (progress.handled % BATCH == 0) {
                flush(events);
            }
        }
        flush(events);
        Map<String, Outcome> outcomes = run.outcomes();
        long sent = count(outcomes, Outcome.SENT);
        long capped = count(outcomes, Outcome.CAPPED);
        long failed = count(outcomes, Outcome.FAILED);
        long withdrawn = count(outcomes, Outcome.NO_CONSENT);
        if (progress.pausedBecause != null) {
            return new Result(Campaign.State.PAUSED, sent, capped, failed, progress.deferred, withdrawn, null,
                    progress.pausedBecause);
        }
        if (progress.deferred > 0) {
            return new Result(Campaign.State.PAUSED, sent, capped, failed, progress.deferred, withdrawn, progress.resumeAt,
                    progress.deferred + " members wait for their quiet hours to end; resumes at " + progress.resumeAt);
        }
        return new Result(Campaign.State.SENT, sent, capped, failed, 0, withdrawn, null, null);
    }

    /** Where a run stands. */
    private static final class Progress {
        long handled;
        long deferred;
        Instant resumeAt;
        int failuresInARow;
        String pausedBecause;

        Progress(long handled) {
            this.handled = handled;
        }
    }

    /** One treated member: consent, quiet hours, cap, render, hand-off, ledger. */
    private void handle(PlanEntry entry, int number, Renderer.Templates templates, List<Event> events, Progress progress)
            throws InterruptedException {
        Optional<Member> member = services.store().member(entry.m());
        if (member.isEmpty()) {
            return; // erased since the run started: erasure removes them from the plan
        }
        Instant now = clock.instant();
        if (!member.get().consent().allows(campaign.channel())) {
            run.record(new Outcome(entry.m(), Outcome.NO_CONSENT, now));
            progress.handled++;
            return;
        }
        if (!campaign.transactional()) {
            Place place = services.places().place(member.get());
            if (services.quietHours().quiet(now, place.zone())) {
                progress.deferred++;
                Instant end = services.quietHours().endAfter(now, place.zone());
                progress.resumeAt = progress.resumeAt == null || end.isBefore(progress.resumeAt) ? end : progress.resumeAt;
                return;
            }
            if (!services.caps().reserve(entry.m(), campaign.channel(), now)) {
                run.record(new Outcome(entry.m(), Outcome.CAPPED, now));
                progress.handled++;
                return;
            }
        }
        Message message;
        try {
            message = services.renderer().render(campaign, number, templates, member.get(), entry.v(), now);
        } catch (IllegalStateException e) {
            release(entry.m(), now);
            progress.pausedBecause = "could not render: " + e.getMessage();
            return;
        }
        try {
            handOff.deliver(message);
            run.record(new Outcome(entry.m(), Outcome.SENT, now));
            events.add(sentEvent(entry, number, now));
            progress.failuresInARow = 0;
        } catch (HandOff.Refused refused) {
            release(entry.m(), now);
            run.deadLetter(message, refused.getMessage(), refused.attempts);
            run.record(new Outcome(entry.m(), Outcome.FAILED, now));
            progress.failuresInARow = refused.transientFailure ? progress.failuresInARow + 1 : 0;
            if (progress.failuresInARow >= services.pauseAfterFailures()) {
                progress.pausedBecause = progress.failuresInARow + " messages in a row failed (last: " + refused.getMessage()
                        + "): paused; send resumes it once the receiver is back";
            }
        }
        progress.handled++;
    }

    private void release(String memberId, Instant at) {
        if (!campaign.transactional()) {
            services.caps().release(memberId, campaign.channel(), at);
        }
    }

    /**
     * Brings the ledger up to what the destination holds (a crash between hand-off and ledger line)
     * and re-announces every sent member's event (a crash before the batch's events were appended).
     */
    private void reconcile() throws Exception {
        Map<String, Outcome> outcomes = run.outcomes();
        Instant now = clock.instant();
        Set<String> known = new HashSet<>(outcomes.keySet());
        for (String member : handOff.delivered()) {
            if (known.add(member)) {
                run.record(new Outcome(member, Outcome.SENT, now));
            }
        }
        for (String member : run.deadLettered()) {
            if (known.add(member)) {
                run.record(new Outcome(member, Outcome.FAILED, now));
            }
        }
        Map<String, PlanEntry> plan = new LinkedHashMap<>();
        run.plan().forEach(e -> plan.put(e.m(), e));
        List<Event> events = new ArrayList<>();
        run.outcomes().values().forEach(outcome -> {
            PlanEntry entry = plan.get(outcome.m());
            if (Outcome.SENT.equals(outcome.o()) && entry != null) {
                events.add(sentEvent(entry, run.state().number(), outcome.at()));
            }
        });
        handOff.force();
        run.force();
        for (int i = 0; i < events.size(); i += 1000) {
            services.store().append(events.subList(i, Math.min(events.size(), i + 1000)));
        }
    }

    private void flush(List<Event> events) {
        handOff.force();
        run.force();
        if (!events.isEmpty()) {
            services.store().append(List.copyOf(events));
            events.clear();
        }
    }

    private Event sentEvent(PlanEntry entry, int number, Instant at) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("campaign", campaign.id());
        attributes.put("run", number);
        attributes.put("channel", campaign.channel());
        if (entry.v() != null) {
            attributes.put("variant", entry.v());
        }
        return new Event(eventId(campaign.id(), number, entry.m()), EventType.CAMPAIGN_SENT, entry.m(), null, 0, null, null,
                at, attributes);
    }

    /** The fixed id of a member's campaign_sent event for a run: the store ignores a repeat. */
    static String eventId(String campaignId, int run, String memberId) {
        return "campaign-sent:" + campaignId + ":" + run + ":" + memberId;
    }

    private static long count(Map<String, Outcome> outcomes, String kind) {
        return outcomes.values().stream().filter(o -> kind.equals(o.o())).count();
    }
}
