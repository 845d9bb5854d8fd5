package org.affinity.profile.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.member.Member;

/** What profiles need to know about members from the store: country, language, profiling consent. */
final class Directory {

    record Facts(String country, String language, boolean languageInferred, boolean profiling) {
    }

    /** Main language by ISO country code: the JDK's locale data lists several per country without a ranking. */
    private static final Map<String, String> LANGUAGES = Map.ofEntries(Map.entry("GB", "en"), Map.entry("IE", "en"),
            Map.entry("US", "en"), Map.entry("CA", "en"), Map.entry("AU", "en"), Map.entry("NZ", "en"), Map.entry("ZA", "en"),
            Map.entry("SG", "en"), Map.entry("MT", "en"), Map.entry("FR", "fr"), Map.entry("BE", "nl"), Map.entry("LU", "fr"),
            Map.entry("CH", "de"), Map.entry("DE", "de"), Map.entry("AT", "de"), Map.entry("NL", "nl"), Map.entry("ES", "es"),
            Map.entry("PT", "pt"), Map.entry("BR", "pt"), Map.entry("IT", "it"), Map.entry("NO", "no"), Map.entry("SE", "sv"),
            Map.entry("DK", "da"), Map.entry("FI", "fi"), Map.entry("IS", "is"), Map.entry("PL", "pl"), Map.entry("CZ", "cs"),
            Map.entry("LT", "lt"), Map.entry("GR", "el"), Map.entry("CY", "el"), Map.entry("IL", "he"), Map.entry("JP", "ja"),
            Map.entry("CN", "zh"), Map.entry("TW", "zh"), Map.entry("HK", "zh"), Map.entry("AE", "ar"), Map.entry("SA", "ar"),
            Map.entry("BH", "ar"), Map.entry("LB", "ar"), Map.entry("KR", "ko"), Map.entry("RU", "ru"));
    /** Country names the Locale data does not know. */
    private static final Map<String, String> ALIASES = Map.of("eire", "IE", "usa", "US", "rsa", "ZA", "uk", "GB",
            "channel islands", "GB", "czech republic", "CZ");
    private static final Map<String, String> COUNTRY_CODES = new ConcurrentHashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            COUNTRY_CODES.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
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

    /** The main language of a country named in English ("France" -> "fr"), or null. */
    static String languageOf(String country) {
        String name = country.trim().toLowerCase(Locale.ROOT);
        String code = ALIASES.getOrDefault(name, COUNTRY_CODES.get(name));
        return code == null ? null : LANGUAGES.get(code);
    }
}
