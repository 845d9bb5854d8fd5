package org.affinity.marketing.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;

import org.affinity.api.member.Country;
import org.affinity.api.member.Member;

/**
 * Where a member is, for quiet hours and formatting: the {@code timezone} attribute (an IANA id such as
 * "Europe/Paris") else the zone of their {@code country} (see {@link Country}) else the shop's zone;
 * the {@code locale} attribute (a language tag such as "fr-BE") else {@code language} with the
 * country, else the country's main language, else the shop's locale.
 */
record Place(ZoneId zone, Locale locale, boolean zoneFromCountry) {

    /** The shop's zone, locale and currency, for members who tell nothing better. */
    record Defaults(ZoneId zone, Locale locale, String currency) {

        Place place(Member member) {
            return Place.of(member, zone, locale);
        }
    }

    static Place of(Member member, ZoneId shopZone, Locale shopLocale) {
        Country country = Country.find(member.country()).orElse(null);
        ZoneId zone = null;
        boolean fromCountry = false;
        String timezone = member.attribute("timezone");
        if (timezone != null && !timezone.isBlank()) {
            try {
                zone = ZoneId.of(timezone.trim());
            } catch (DateTimeException e) {
                zone = null; // a bad attribute falls back like a missing one
            }
        }
        if (zone == null && country != null && country.zone() != null) {
            zone = country.zone();
            fromCountry = true;
        }
        return new Place(zone == null ? shopZone : zone, locale(member, country, shopLocale), fromCountry);
    }

    private static Locale locale(Member member, Country country, Locale shopLocale) {
        String tag = member.attribute("locale");
        if (tag != null && !tag.isBlank()) {
            try {
                Locale parsed = new Locale.Builder().setLanguageTag(tag.trim().replace('_', '-')).build();
                if (!parsed.getLanguage().isEmpty()) {
                    return parsed;
                }
            } catch (IllformedLocaleException e) {
                // fall through to language and country
            }
        }
        String language = member.attribute("language");
        if (language != null && language.trim().matches("[A-Za-z]{2,3}")) {
            return country == null ? new Locale(language.trim()) : new Locale(language.trim(), country.code());
        }
        Locale fromCountry = country == null ? null : country.locale();
        return fromCountry == null ? shopLocale : fromCountry;
    }
}
