package org.affinity.ingest.internal;

import java.util.Locale;

import org.affinity.api.member.Consent;

/** The consent of members that events create on first sight, from the ingestion configuration. */
final class FirstSight {

    private FirstSight() {
    }

    /**
     * {@code values} name what is granted: profiling, email, sms, push (each value may list several,
     * comma-separated, as a .cfg line does); "none" and "all" are accepted too.
     *
     * @throws IllegalArgumentException naming a value that is none of these
     */
    static Consent consent(String[] values) {
        boolean email = false;
        boolean sms = false;
        boolean push = false;
        boolean profiling = false;
        for (String value : values == null ? new String[0] : values) {
            for (String name : value.split(",")) {
                switch (name.trim().toLowerCase(Locale.ROOT)) {
                    case "", "none" -> { }
                    case "email" -> email = true;
                    case "sms" -> sms = true;
                    case "push" -> push = true;
                    case "profiling" -> profiling = true;
                    case "all" -> {
                        email = true;
                        sms = true;
                        push = true;
                        profiling = true;
                    }
                    default -> throw new IllegalArgumentException("org.affinity.ingest: newMemberConsent must name "
                            + "profiling, email, sms or push (or none, all), was '" + name.trim() + "'");
                }
            }
        }
        return new Consent(email, sms, push, profiling);
    }
}
