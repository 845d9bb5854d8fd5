package org.affinity.api.member;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A member (customer) of the shop.
 *
 * @param id shop-assigned identifier
 * @param attributes free-form attributes (country, language, tier, points, signupDate, ...)
 * @param consent what the member agreed to
 * @param created when Affinity first stored the member (null before it is stored)
 * @param updated when Affinity last changed the member (null before it is stored)
 */
public record Member(String id, Map<String, Object> attributes, Consent consent, Instant created, Instant updated) {

    public Member {
        Objects.requireNonNull(id, "id");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        consent = consent == null ? Consent.NONE : consent;
    }

    public static Member of(String id, Map<String, Object> attributes, Consent consent) {
        return new Member(id, attributes, consent, null, null);
    }

    /** An attribute as text, or null. */
    public String attribute(String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }

    public String country() {
        return attribute("country");
    }
}
