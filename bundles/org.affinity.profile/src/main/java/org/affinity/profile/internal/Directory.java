package org.affinity.profile.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.member.Country;
import org.affinity.api.member.Member;

/** What profiles need to know about members from the store: country, language, profiling consent. */
final class Directory {

    record Facts(String country, String language, boolean languageInferred, boolean profiling) {
    }

    private final Map<String, Facts> members = new ConcurrentHashMap<>();

    void put(Member member) {
        String country = member.country();
        String language = member.attribute("language");
        boolean inferred = false;
        if ((language == null || language.isBlank()) && country != null) {
            language = languageOf(country);
            inferred = language != null;
        }
        members.put(member.id(), new Facts(country, language, inferred, member.consent().profiling()));
    }

    Facts get(String id) {
        return members.get(id);
    }

    boolean mayProfile(String id, boolean respectConsent) {
        if (!respectConsent) {
            return true;
        }
        Facts facts = members.get(id);
        return facts != null && facts.profiling();
    }

    void remove(String id) {
        members.remove(id);
    }

    /** The main language of a country named in English ("France" -> "fr") or by code, or null. */
    static String languageOf(String country) {
        return Country.find(country).map(Country::language).orElse(null);
    }
}
