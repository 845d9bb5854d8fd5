package org.affinity.reco.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.affinity.api.member.Member;
import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Route;
import org.affinity.api.recommend.Routing;

/**
 * Decides which strategy serves a request and under which arm: the request's own choice, else the
 * first matching route, else the member's experiment arm, else the default.
 */
final class Router {

    /** Where the router looks up members and their segments, only when a route needs it. */
    interface Members {
        Optional<Member> member(String id);

        Set<String> segments(String id);
    }

    record Choice(String strategy, String arm) {
    }

    static final String ARM_REQUEST = "request";
    static final String ARM_DEFAULT = "default";
    static final String ARM_ROUTE = "route:";
    static final String ARM_EXPERIMENT = "ab:";

    private Router() {
    }

    static Choice choose(Routing routing, RecommendationRequest request, Members members) {
        if (request.strategy() != null && !request.strategy().isBlank()) {
            return new Choice(request.strategy(), ARM_REQUEST);
        }
        Optional<Member> member = null;
        Set<String> segments = null;
        for (Route route : routing.routes()) {
            String when = route.when();
            boolean matches;
            if (when.equals("anonymous")) {
                matches = request.memberId() == null;
            } else if (when.equals("item")) {
                matches = request.itemId() != null;
            } else if (request.memberId() == null) {
                matches = false;
            } else if (when.startsWith("segment:")) {
                segments = segments != null ? segments : members.segments(request.memberId());
                matches = segments.contains(when.substring("segment:".length()));
            } else {
                member = member != null ? member : members.member(request.memberId());
                matches = member.isPresent() && attributeMatches(when, member.get(), request.context());
            }
            if (matches) {
                return new Choice(route.strategy(), ARM_ROUTE + when);
            }
        }
        Experiment experiment = routing.experiment();
        if (experiment != null && experiment.active() && request.memberId() != null) {
            String arm = arm(experiment, request.memberId());
            return new Choice(arm, ARM_EXPERIMENT + arm);
        }
        return new Choice(routing.defaultStrategy(), ARM_DEFAULT);
    }

    private static boolean attributeMatches(String when, Member member, Map<String, String> context) {
        if (when.startsWith("country:")) {
            String country = context.getOrDefault("country", member.country());
            return when.substring("country:".length()).equalsIgnoreCase(country);
        }
        String condition = when.substring("attribute:".length());
        int eq = condition.indexOf('=');
        return condition.substring(eq + 1).equalsIgnoreCase(member.attribute(condition.substring(0, eq)));
    }

    static boolean knownCondition(String when) {
        return when.equals("anonymous") || when.equals("item")
                || (when.startsWith("segment:") && when.length() > "segment:".length())
                || (when.startsWith("country:") && when.length() > "country:".length())
                || (when.startsWith("attribute:") && when.indexOf('=') > "attribute:".length());
    }

    /**
     * The member's arm: a hash of the experiment name and member id, mapped onto the weights. Stable
     * across requests, restarts and machines; changing the name reshuffles everyone.
     */
    static String arm(Experiment experiment, String memberId) {
        int total = experiment.arms().values().stream().mapToInt(Integer::intValue).sum();
        long point = Math.floorMod(hash(experiment.name() + "\u0000" + memberId), (long) total);
        for (Map.Entry<String, Integer> arm : experiment.arms().entrySet()) {
            point -= arm.getValue();
            if (point < 0) {
                return arm.getKey();
            }
        }
        throw new IllegalStateException("unreachable: weights sum to " + total);
    }

    private static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
