package org.affinity.api.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as listed: everything but its secret.
 *
 * @param id the visible part of the token ({@code aff_<id>_...})
 * @param name what it is for ("shop back-end", "grafana")
 * @param expires when it stops working, or null
 * @param revoked when it was revoked, or null
 */
public record ApiKey(String id, String name, Set<String> roles, Instant created, Instant expires, Instant revoked) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** Whether the key carries the role; admin carries every role. */
    public boolean allows(String role) {
        return roles.contains(ApiKeys.ADMIN) || roles.contains(role);
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean valid(Instant now) {
        return revoked == null && (expires == null || now.isBefore(expires));
    }
}
