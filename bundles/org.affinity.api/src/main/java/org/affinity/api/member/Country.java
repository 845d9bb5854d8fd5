package org.affinity.api.member;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a member's {@code country} attribute tells when nothing better is known: the ISO code, the
 * main language, and one time zone. The zone is that of the country's most populous city (a member
 * in Perth is given Sydney's time): good enough for quiet hours and send dates, not for appointments;
 * a member's own {@code timezone} attribute wins wherever it is set.
 *
 * @param code ISO 3166 alpha-2 code ("GB")
 * @param language ISO 639 code of the main language ("en"), or null when not listed
 * @param zone the time zone, or null when not listed
 * @since 1.1
 */
public record Country(String code, String language, ZoneId zone) {

    /** Main language by code: the JDK's locale data lists several per country without a ranking. */
    private static final Map<String, String> LANGUAGES = Map.ofEntries(Map.entry("GB", "en"), Map.entry("IE", "en"),
            Map.entry("US", "en"), Map.entry("CA", "en"), Map.entry("AU", "en"), Map.entry("NZ", "en"), Map.entry("ZA", "en"),
            Map.entry("SG", "en"), Map.entry("MT", "en"), Map.entry("FR", "fr"), Map.entry("BE", "nl"), Map.entry("LU", "fr"),
            Map.entry("CH", "de"), Map.entry("DE", "de"), Map.entry("AT", "de"), Map.entry("NL", "nl"), Map.entry("ES", "es"),
            Map.entry("PT", "pt"), Map.entry("BR", "pt"), Map.entry("IT", "it"), Map.entry("NO", "no"), Map.entry("SE", "sv"),
            Map.entry("DK", "da"), Map.entry("FI", "fi"), Map.entry("IS", "is"), Map.entry("PL", "pl"), Map.entry("CZ", "cs"),
            Map.entry("LT", "lt"), Map.entry("GR", "el"), Map.entry("CY", "el"), Map.entry("IL", "he"), Map.entry("JP", "ja"),
            Map.entry("CN", "zh"), Map.entry("TW", "zh"), Map.entry("HK", "zh"), Map.entry("AE", "ar"), Map.entry("SA", "ar"),
            Map.entry("BH", "ar"), Map.entry("LB", "ar"), Map.entry("KR", "ko"), Map.entry("RU", "ru"));
    /** Zone by code, where the country spans several: its most populous city's. Others: the one the tz database lists. */
    private static final Map<String, String> ZONES = Map.ofEntries(Map.entry("GB", "Europe/London"),
            Map.entry("IE", "Europe/Dublin"), Map.entry("US", "America/New_York"), Map.entry("CA", "America/Toronto"),
            Map.entry("AU", "Australia/Sydney"), Map.entry("NZ", "Pacific/Auckland"), Map.entry("ZA", "Africa/Johannesburg"),
            Map.entry("BR", "America/Sao_Paulo"), Map.entry("RU", "Europe/Moscow"), Map.entry("CN", "Asia/Shanghai"),
            Map.entry("MX", "America/Mexico_City"), Map.entry("IN", "Asia/Kolkata"), Map.entry("ID", "Asia/Jakarta"),
            Map.entry("ES", "Europe/Madrid"), Map.entry("PT", "Europe/Lisbon"), Map.entry("DE", "Europe/Berlin"),
            Map.entry("AR", "America/Argentina/Buenos_Aires"), Map.entry("CL", "America/Santiago"),
            Map.entry("KZ", "Asia/Almaty"), Map.entry("MY", "Asia/Kuala_Lumpur"), Map.entry("EC", "America/Guayaquil"),
            Map.entry("FR", "Europe/Paris"), Map.entry("NL", "Europe/Amsterdam"), Map.entry("DK", "Europe/Copenhagen"),
            Map.entry("CY", "Asia/Nicosia"), Map.entry("UA", "Europe/Kyiv"));
    /** Country names the JDK's locale data does not know. */
    private static final Map<String, String> ALIASES = Map.of("eire", "IE", "usa", "US", "rsa", "ZA", "uk", "GB",
            "channel islands", "GB", "czech republic", "CZ", "great britain", "GB", "england", "GB", "scotland", "GB");
    private static final Map<String, String> CODES = new ConcurrentHashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            CODES.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
            CODES.put(code.toLowerCase(Locale.ROOT), code);
        }
    }

    /**
     * The country named in English ("France", "EIRE", "USA") or by ISO alpha-2 code ("FR"), or empty
     * when unknown ("Unspecified", "European Community").
     */
    public static Optional<Country> find(String nameOrCode) {
        if (nameOrCode == null || nameOrCode.isBlank()) {
            return Optional.empty();
        }
        String key = nameOrCode.trim().toLowerCase(Locale.ROOT);
        String code = ALIASES.getOrDefault(key, CODES.get(key));
        if (code == null) {
            return Optional.empty();
        }
        return Optional.of(new Country(code, LANGUAGES.get(code), zoneOf(code)));
    }

    /** The locale of the main language in this country ("fr-FR"), or null when no language is listed. */
    public Locale locale() {
        return language == null ? null : new Locale(language, code);
    }

    private static ZoneId zoneOf(String code) {
        String listed = ZONES.get(code);
        if (listed != null) {
            return ZoneId.of(listed);
        }
        // The JDK maps no country to a zone: only listed countries get one.
        return SINGLE_ZONE.containsKey(code) ? ZoneId.of(SINGLE_ZONE.get(code)) : null;
    }

    private static final Map<String, String> SINGLE_ZONE = Map.ofEntries(Map.entry("BE", "Europe/Brussels"),
            Map.entry("LU", "Europe/Luxembourg"), Map.entry("CH", "Europe/Zurich"), Map.entry("AT", "Europe/Vienna"),
            Map.entry("IT", "Europe/Rome"), Map.entry("NO", "Europe/Oslo"), Map.entry("SE", "Europe/Stockholm"),
            Map.entry("FI", "Europe/Helsinki"), Map.entry("IS", "Atlantic/Reykjavik"), Map.entry("PL", "Europe/Warsaw"),
            Map.entry("CZ", "Europe/Prague"), Map.entry("LT", "Europe/Vilnius"), Map.entry("GR", "Europe/Athens"),
            Map.entry("MT", "Europe/Malta"), Map.entry("IL", "Asia/Jerusalem"), Map.entry("JP", "Asia/Tokyo"),
            Map.entry("TW", "Asia/Taipei"), Map.entry("HK", "Asia/Hong_Kong"), Map.entry("SG", "Asia/Singapore"),
            Map.entry("AE", "Asia/Dubai"), Map.entry("SA", "Asia/Riyadh"), Map.entry("BH", "Asia/Bahrain"),
            Map.entry("LB", "Asia/Beirut"), Map.entry("KR", "Asia/Seoul"), Map.entry("HU", "Europe/Budapest"),
            Map.entry("RO", "Europe/Bucharest"), Map.entry("BG", "Europe/Sofia"), Map.entry("HR", "Europe/Zagreb"),
            Map.entry("SI", "Europe/Ljubljana"), Map.entry("SK", "Europe/Bratislava"), Map.entry("EE", "Europe/Tallinn"),
            Map.entry("LV", "Europe/Riga"), Map.entry("TR", "Europe/Istanbul"), Map.entry("EG", "Africa/Cairo"),
            Map.entry("NG", "Africa/Lagos"), Map.entry("KE", "Africa/Nairobi"), Map.entry("TH", "Asia/Bangkok"),
            Map.entry("VN", "Asia/Ho_Chi_Minh"), Map.entry("PH", "Asia/Manila"), Map.entry("PK", "Asia/Karachi"),
            Map.entry("QA", "Asia/Qatar"), Map.entry("KW", "Asia/Kuwait"), Map.entry("CO", "America/Bogota"),
            Map.entry("PE", "America/Lima"));
}
