package org.affinity.api.security;

/**
 * A key just created, with its token: the only time the secret is seen. Store it safely.
 *
 * @param token {@code aff_<id>_<secret>}, for {@code Authorization: Bearer <token>} or {@code X-API-Key}
 */
public record CreatedKey(ApiKey key, String token) {

    @Override
    public String toString() {
        return "CreatedKey[" + key + ", token=aff_" + key.id() + "_***]";
    }
}
