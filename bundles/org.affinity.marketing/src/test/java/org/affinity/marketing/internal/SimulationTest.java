package org.affinity.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.affinity.api.event.EventType;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.Goal;
import org.affinity.api.marketing.SimulationReport;
import org.affinity.api.marketing.SimulationRequest;
import org.affinity.api.member.Consent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gain curve and Qini coefficient on rankings whose answer is known, and a simulation on a small shop. */
class SimulationTest {

    @TempDir
    Path folder;

    private static List<String> members(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("m" + i);
        }
        return ids;
    }

    @Test
    void qiniIsOneForAPerfectRankingMinusOneForTheReverseAndNearZeroAtRandom() {
        List<String> ranking = members(1000);
        Set<String> converters = new HashSet<>(ranking.subList(0, 100));
        assertEquals(1.0, Simulation.gain(ranking, converters).qini(), 1e-9);
        List<String> reversed = new ArrayList<>(ranking);
        Collections.reverse(reversed);
        assertEquals(-1.0, Simulation.gain(reversed, converters).qini(), 1e-9);
        double sum = 0;
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            List<String> shuffled = new ArrayList<>(ranking);
            Collections.shuffle(shuffled, random);
            sum += Simulation.gain(shuffled, converters).qini();
        }
        assertEquals(0.0, sum / 200, 0.02);
        List<org.affinity.api.marketing.SimulationReport.GainPoint> points = Simulation.gain(ranking, converters).points();
        assertEquals(Simulation.GAIN_POINTS + 1, points.size());
        assertEquals(1.0, points.get(2).convertersShare(), 1e-9, "the top 10% hold every converter");
    }

    @Test
    void percentilesAndSamplesAreWhatTheySay() {
        double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(1, Simulation.percentile(values, 2.5));
        assertEquals(5, Simulation.percentile(values, 50));
        assertEquals(10, Simulation.percentile(values, 97.5));
        List<String> sample = Simulation.sample(members(100), 30, new Random(1));
        assertEquals(30, new HashSet<>(sample).size(), "without replacement");
    }

    /**
     * Eight Christmas buyers and eight tea buyers before the decision; after it, only Christmas buyers buy
     * Christmas items. A Christmas theme of size 8 then reaches every converter: precision 1, lift 2
     * (base rate 0.5), Qini 1; a member who only bought after the decision is not eligible.
     */
    @Test
    void aThemeDecidedOnHistoryFindsTheMembersWhoGoOnToReachTheGoal() throws Exception {
        Instant decision = Instant.parse("2011-10-01T00:00:00Z");
        TestShop shop = new TestShop(folder, decision.plus(Duration.ofDays(60)));
        shop.item("x1", "CHRISTMAS TREE DECORATION", "2.50");
        shop.item("x2", "CHRISTMAS STAR", "3.00");
        shop.item("t1", "PINK TEA CUP", "1.25");
        for (int i = 0; i < 8; i++) {
            shop.member("x" + i, Consent.ALL, Map.of("country", "United Kingdom"));
            shop.member("t" + i, Consent.ALL, Map.of("country", "United Kingdom"));
            shop.purchase("x" + i, "x1", decision.minus(Duration.ofDays(10 + i)));
            shop.purchase("t" + i, "t1", decision.minus(Duration.ofDays(10 + i)));
            shop.purchase("x" + i, "x2", decision.plus(Duration.ofDays(3)));
        }
        shop.member("late", Consent.ALL, Map.of());
        shop.purchase("late", "x2", decision.plus(Duration.ofDays(1)));
        shop.settle();
        CampaignService service = shop.service(TestShop.config());
        JobStatus status = service.simulate(new SimulationRequest(decision, Audience.theme("christmas decoration", 8, null), null,
                new Goal(EventType.PURCHASE, 30, null, null, Set.of("christmas"), null), "email", 50, 1L)).await(Duration.ofSeconds(30));
        assertEquals(JobState.SUCCEEDED, status.state(), String.valueOf(status.error()));
        SimulationReport report = (SimulationReport) status.result();
        assertEquals(16, report.eligible(), "'late' had no event before the decision");
        assertEquals(8, report.converters());
        assertEquals(0.5, report.baseRate(), 1e-12);
        assertEquals(1.0, report.targeted().precision(), 1e-12);
        assertEquals(1.0, report.targeted().recall(), 1e-12);
        assertEquals(2.0, report.liftRatio(), 1e-12);
        assertEquals(1.0, report.qini(), 1e-9);
        assertEquals(WordsModel.ID, report.model());
        assertTrue(report.liftInterval().lower() > 1, "16 members: some power, not much: " + report);
        assertEquals(50, report.aa().runs());
    }
}
