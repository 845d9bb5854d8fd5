package org.affinity.profile.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.member.Country;
import org.affinity.api.member.Member;

/** What profiles need to know about members from the store: country, language, profiling consent. */
final class Directory {

    /** {@code id} is the instance profiles key their state by, so that a member's id is kept once. */
    record Facts(String id, String country, String language, boolean languageInferred, boolean profiling) {
    }

    private final Map<String, Facts> members = new ConcurrentHashMap<>();
    /** One instance of each country and language name: a million members share a few hundred. */
    private final Map<String, String> names = new ConcurrentHashMap<>();

    void put(Member member) {
        String country = shared(member.country());
        String language = shared(member.attribute("language"));
        boolean inferred = false;
        if ((language == null || language.isBlank()) && country != null) {
            language = languageOf(country);
            inferred = language != null;
        }
        Facts before = members.get(member.id());
        String id = before != null ? before.id() : member.id();
        members.put(id, new Facts(id, country, language, inferred, member.consent().profiling()));
    }

    private String shared(String name) {
        return name == null ? null : names.computeIfAbsent(name, n -> n);
    }

    Facts get(String id) {
        return members.get(id);
    }

    void remove(String id) {
        members.remove(id);
    }

    /** The main language of a country named in English ("France" -> "fr") or by code, or null. */
    static String languageOf(String country) {
        return Country.find(country).map(Country::language).orElse(null);
    }
}
