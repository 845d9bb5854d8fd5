package org.affinity.api.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The API keys: random secrets carrying roles, kept only as SHA-256 hashes. A key is presented as a
 * token {@code aff_<id>_<secret>}; its id is visible (in lists, the audit trail), its secret is shown
 * once, when it is created.
 */
@ProviderType
public interface ApiKeys {

    /** Configuration, strategies, keys, erasure, campaigns, training; implies every other role. */
    String ADMIN = "admin";
    /** Writing events, items, members and imports. */
    String INGEST = "ingest";
    /** Reading recommendations, search, profiles, chat, reports. */
    String READ = "read";
    /** Scraping /api/metrics only (a monitoring system's key). */
    String METRICS = "metrics";

    Set<String> ROLES = Set.of(ADMIN, INGEST, READ, METRICS);

    /**
     * Creates a key.
     *
     * @param expires when it stops working, or null for never
     * @throws IllegalArgumentException naming an unknown role, a blank or too long name, or an
     *         expiry in the past
     */
    CreatedKey create(String name, Set<String> roles, Instant expires);

    /** Every key, revoked and expired ones included, oldest first. */
    List<ApiKey> list();

    Optional<ApiKey> get(String id);

    /** Revokes a key at once; false when there is no such key or it was revoked already. */
    boolean revoke(String id);

    /**
     * The key a presented token belongs to, when the token is well formed, its secret matches (compared
     * in constant time) and the key is neither revoked nor expired.
     */
    Optional<ApiKey> verify(String token);
}
