package org.affinity.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.affinity.api.profile.Profile;
import org.affinity.api.profile.Profiles;
import org.affinity.api.segment.Segments;

/**
 * GET /api/members/{id}/profile (the profile, its explanation and the member's segments) and
 * GET /api/members/{id}/similar?count=N (nearest members in the member-vector space), served
 * for {@link MembersServlet}, which owns the /api/members/* pattern.
 */
final class MemberProfileResources {

    private MemberProfileResources() {
    }

    /** The body for a sub-resource, or null when {@code resource} is not one of these. */
    static Object get(String memberId, String resource, HttpServletRequest request, Profiles profiles, Segments segments) {
        switch (resource) {
            case "profile": {
                Profiles service = ApiServlet.require(profiles, "profiles");
                Profile profile = service.profile(memberId).orElseThrow(() -> ApiException.notFound(
                        "no profile for member '" + memberId + "' (unknown, no events yet, or no profiling consent)"));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("profile", profile);
                body.put("explanation", service.explain(memberId).orElse(null));
                body.put("segments", segments == null ? null : segments.segmentsOf(memberId));
                return body;
            }
            case "similar": {
                Profiles service = ApiServlet.require(profiles, "profiles");
                int count = ApiServlet.intParameter(request, "count", 10, 1, 1000);
                if (service.profile(memberId).isEmpty()) {
                    throw ApiException.notFound("no profile for member '" + memberId + "'");
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("member", memberId);
                body.put("similar", service.similar(memberId, count));
                return body;
            }
            default:
                return null;
        }
    }
}
