package org.affinity.marketing.internal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.affinity.api.item.Item;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.Content;
import org.affinity.api.marketing.Variant;
import org.affinity.api.member.Member;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.store.Store;

/**
 * Renders a campaign's variant for one member: member fields, the member's recommendations from the
 * routing's strategy (or the one the content names) with the content's category filter, money in the
 * member's locale and the item's currency, dates in the member's zone and locale.
 */
final class Renderer {

    /** Parsed templates of one campaign, per variant id. */
    record Templates(Map<String, Template> subjects, Map<String, Template> bodies) {

        static Templates of(Content content) {
            Map<String, Template> subjects = new HashMap<>();
            Map<String, Template> bodies = new HashMap<>();
            for (Variant variant : content.variants()) {
                subjects.put(variant.id(), Template.parse(variant.subject()));
                bodies.put(variant.id(), Template.parse(variant.body()));
            }
            return new Templates(subjects, bodies);
        }
    }

    private final Store store;
    private final Recommendations recommendations;
    private final Place.Defaults defaults;

    Renderer(Store store, Recommendations recommendations, Place.Defaults defaults) {
        this.store = store;
        this.recommendations = recommendations;
        this.defaults = defaults;
    }

    Message render(Campaign campaign, int run, Templates templates, Member member, String variantId, Instant now) {
        Place place = defaults.place(member);
        Content content = campaign.content();
        Template subject = templates.subjects().get(variantId);
        Template body = templates.bodies().get(variantId);
        List<Item> items = content.recommendations() > 0 && (subject.usesItems() || body.usesItems())
                ? recommended(campaign, member.id(), content) : List.of();
        Template.Values values = values(member, place, items, now);
        return new Message(campaign.id(), run, member.id(), variantId, campaign.channel(), address(member, campaign.channel()),
                place.locale().toLanguageTag(), emptyToNull(subject.render(values)), body.render(values),
                items.stream().map(Item::id).toList(), Draw.idempotencyKey(campaign.id(), run, member.id()), now);
    }

    private List<Item> recommended(Campaign campaign, String memberId, Content content) {
        if (recommendations == null) {
            throw new IllegalStateException("the campaign's content asks for recommendations and the recommendations "
                    + "service is not available");
        }
        Filters filters = new Filters(content.categories(), null, null, true, null, false);
        RecommendationRequest request = new RecommendationRequest(memberId, null, content.recommendations(), filters,
                Map.of("channel", campaign.channel(), "campaign", campaign.id()), content.strategy());
        List<String> ids = recommendations.recommend(request).items().stream().map(Recommendation::itemId).toList();
        Map<String, Item> byId = new HashMap<>();
        store.items(ids).forEach(item -> byId.put(item.id(), item));
        List<Item> items = new ArrayList<>();
        ids.forEach(id -> {
            if (byId.containsKey(id)) {
                items.add(byId.get(id));
            }
        });
        return items;
    }

    private Template.Values values(Member member, Place place, List<Item> items, Instant now) {
        Locale locale = place.locale();
        return new Template.Values() {
            @Override
            public String member(String field) {
                int days = Template.dateOffset(field);
                if (days >= 0) {
                    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                            .format(now.atZone(place.zone()).toLocalDate().plusDays(days));
                }
                if (field.startsWith("attributes.")) {
                    return member.attribute(field.substring("attributes.".length()));
                }
                return switch (field) {
                    case "id" -> member.id();
                    case "firstName" -> firstName(member);
                    case "lastName" -> first(member, "lastName", "last_name", "surname");
                    case "name" -> name(member);
                    case "points" -> points(member.attribute("points"), locale);
                    case "locale" -> locale.toLanguageTag();
                    case "email", "phone", "tier", "country" -> member.attribute(field);
                    default -> null;
                };
            }

            @Override
            public List<Function<String, String>> items() {
                List<Function<String, String>> each = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    Item item = items.get(i);
                    int rank = i + 1;
                    each.add(field -> switch (field) {
                        case "id" -> item.id();
                        case "title" -> item.title();
                        case "price" -> money(item.price(), item.currency(), locale);
                        case "url" -> item.attributes().get("url") == null ? null : item.attributes().get("url").toString();
                        case "rank" -> String.valueOf(rank);
                        default -> null;
                    });
                }
                return each;
            }
        };
    }

    private String money(BigDecimal amount, String currency, Locale locale) {
        if (amount == null) {
            return null;
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        try {
            format.setCurrency(Currency.getInstance(currency == null || currency.isBlank() ? defaults.currency() : currency));
        } catch (IllegalArgumentException e) {
            return amount.toPlainString() + " " + currency; // not an ISO 4217 code: say it as it is
        }
        return format.format(amount);
    }

    private static String points(String raw, Locale locale) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return NumberFormat.getNumberInstance(locale).format(new BigDecimal(raw.trim()));
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    private static String firstName(Member member) {
        String first = first(member, "firstName", "first_name", "givenName");
        if (first != null) {
            return first;
        }
        String name = member.attribute("name");
        return name == null || name.isBlank() ? null : name.trim().split("\\s+")[0];
    }

    private static String name(Member member) {
        String name = member.attribute("name");
        if (name != null && !name.isBlank()) {
            return name.trim();
        }
        String first = first(member, "firstName", "first_name", "givenName");
        String last = first(member, "lastName", "last_name", "surname");
        String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return joined.isEmpty() ? null : joined;
    }

    private static String first(Member member, String... names) {
        for (String name : names) {
            String value = member.attribute(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    static String address(Member member, String channel) {
        return switch (channel) {
            case "email" -> member.attribute("email");
            case "sms" -> member.attribute("phone");
            case "push" -> member.attribute("pushToken");
            default -> null;
        };
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
