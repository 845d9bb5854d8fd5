package org.affinity.reco.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.recommend.ArmReport;
import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.UpliftReport;
import org.affinity.api.store.Store;

/**
 * Compares the arms of an experiment on the store's events since it started. Two views: intent to
 * treat (every active member counts for the arm their id hashes to, whether or not they saw a
 * recommendation: unbiased) and attribution (events the shop sent back with an arm).
 */
final class UpliftCalculator {

    private static final class Arm {
        final Set<String> members = new HashSet<>();
        final Set<String> buyers = new HashSet<>();
        BigDecimal revenue = BigDecimal.ZERO;
        long attributedEvents;
        long attributedPurchases;
        BigDecimal attributedRevenue = BigDecimal.ZERO;
    }

    private UpliftCalculator() {
    }

    static UpliftReport compute(Experiment experiment, Store store, Map<String, Long> served) {
        Map<String, Arm> arms = new LinkedHashMap<>();
        arms.put(experiment.control(), new Arm());
        experiment.arms().keySet().forEach(name -> arms.putIfAbsent(name, new Arm()));
        store.scanEvents(event -> {
            if (event.timestamp().isBefore(experiment.started())) {
                return;
            }
            Arm assigned = arms.get(Router.arm(experiment, event.memberId()));
            assigned.members.add(event.memberId());
            if (event.type() == EventType.PURCHASE || event.type() == EventType.RETURN) {
                assigned.revenue = assigned.revenue.add(event.amount());
                if (event.type() == EventType.PURCHASE) {
                    assigned.buyers.add(event.memberId());
                }
            }
            Arm attributed = attributedArm(event, arms);
            if (attributed != null) {
                attributed.attributedEvents++;
                if (event.type() == EventType.PURCHASE) {
                    attributed.attributedPurchases++;
                }
                attributed.attributedRevenue = attributed.attributedRevenue.add(event.amount());
            }
        });
        double controlRpm = perMember(arms.get(experiment.control()));
        List<ArmReport> reports = new ArrayList<>();
        arms.forEach((name, arm) -> {
            double rpm = perMember(arm);
            double uplift = name.equals(experiment.control()) || controlRpm == 0 ? 0 : rpm / controlRpm - 1;
            reports.add(new ArmReport(name, arm.members.size(), arm.buyers.size(), arm.revenue.setScale(2, RoundingMode.HALF_UP),
                    served.getOrDefault(Router.ARM_EXPERIMENT + name, 0L), arm.attributedEvents, arm.attributedPurchases,
                    arm.attributedRevenue.setScale(2, RoundingMode.HALF_UP),
                    arm.members.isEmpty() ? 0 : (double) arm.buyers.size() / arm.members.size(), rpm, uplift));
        });
        return new UpliftReport(experiment.name(), experiment.started(), experiment.control(), reports);
    }

    private static Arm attributedArm(Event event, Map<String, Arm> arms) {
        Object arm = event.attributes().get(RecommendationResult.EVENT_ARM);
        if (arm == null || !arm.toString().startsWith(Router.ARM_EXPERIMENT)) {
            return null;
        }
        return arms.get(arm.toString().substring(Router.ARM_EXPERIMENT.length()));
    }

    private static double perMember(Arm arm) {
        return arm.members.isEmpty() ? 0 : arm.revenue.doubleValue() / arm.members.size();
    }
}
