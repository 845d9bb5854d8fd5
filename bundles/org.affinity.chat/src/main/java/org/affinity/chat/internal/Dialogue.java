package org.affinity.chat.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.Knowledge;
import org.affinity.api.item.Item;
import org.affinity.api.member.Member;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to answer to one message: finishes what the session was waiting for (which order, yes
 * or no), acts on a confident intent from the member's own data (orders, returns, points, gift ideas),
 * answers the rest from the knowledge base with a citation, and hands off to a person when asked, when
 * messages stay unclear or when the same question keeps coming back. Facts come only from the store,
 * the recommendations and the articles.
 */
final class Dialogue {

    private static final Logger LOG = LoggerFactory.getLogger(Dialogue.class);

    /** Intents answered from the member's own data: visitors are asked to sign in. */
    private static final Set<String> MEMBER_INTENTS = Set.of("track_order", "get_invoice", "cancel_order", "change_order",
            "get_refund", "return_item", "track_refund", "check_points");
    /** Intents about one order: asked "which order?" when the message does not say and there are several. */
    private static final Set<String> ORDER_INTENTS = Set.of("get_invoice", "cancel_order", "change_order", "get_refund");
    private static final Pattern YES = Pattern.compile("(?i)^\\s*(yes|yeah|yep|sure|ok|okay|please|please do|y|是|好|好的|可以|行|要|需要|嗯)\\b.*|^\\s*(是|好|好的|可以|行|要|需要|嗯).*");
    private static final Pattern NO = Pattern.compile("(?i)^\\s*(no|nope|not now|no thanks|n|不|不用|不要|不需要|算了)\\b.*|^\\s*(不|不用|不要|不需要|算了).*");
    /** Asking for a person, understood even when the classifier is missing or unsure. */
    private static final Pattern PERSON = Pattern.compile("(?i).*\\b(human|real person|a person|an agent|someone real|"
            + "representative|operator|talk to (?:a |an )?(?:person|human|agent|someone))\\b.*|.*(人工|真人|客服人员|转人工).*");
    private static final int SHOWN_LINES = 5;
    private static final int PASSAGE_CHARACTERS = 600;

    /** The services a message may use; any may be null (its bundle stopped). */
    record Services(Store store, Knowledge knowledge, Recommendations recommendations) {
    }

    private final ChatSettings settings;

    Dialogue(ChatSettings settings) {
        this.settings = settings;
    }

    /**
     * The answer to {@code text} in {@code conversation}, whose state it updates (pending slot, counters,
     * handoff).
     *
     * @param prediction the classifier's reading of the message, or null when no classifier could read it
     */
    Answer answer(Conversation conversation, String text, IntentPrediction prediction, String language, Services services) {
        Answer answer = new Answer();
        if (conversation.pending != null && finishPending(conversation, text, prediction, language, services, answer)) {
            return answer;
        }
        boolean confident = prediction != null && !prediction.abstained();
        if (!confident) {
            conversation.lastIntent = null;
            conversation.repeats = 0;
            if (PERSON.matcher(text).matches()) {
                return handoff(conversation, answer, language, "asked for a person");
            }
            conversation.failures++;
            if (conversation.failures >= settings.handoffAfterUnclear()) {
                return handoff(conversation, answer, language, "unclear messages " + conversation.failures + " times in a row");
            }
            return answer.say(Phrases.say(language, "not_sure"));
        }
        conversation.failures = 0;
        String intent = prediction.intent();
        conversation.repeats = intent.equals(conversation.lastIntent) ? conversation.repeats + 1 : 1;
        conversation.lastIntent = intent;
        if (conversation.repeats >= settings.handoffAfterRepeats() && !"greeting".equals(intent) && !"thanks".equals(intent)) {
            return handoff(conversation, answer, language, "asked about " + intent + " " + conversation.repeats
                    + " times in a row");
        }
        return act(conversation, intent, text, language, services, answer, null);
    }

    /** Handles what the session waited for; false when the message is about something else. */
    private boolean finishPending(Conversation conversation, String text, IntentPrediction prediction, String language,
            Services services, Answer answer) {
        Pending pending = conversation.pending;
        conversation.pending = null;
        boolean newQuestion = prediction != null && !prediction.abstained() && !prediction.intent().equals(pending.intent());
        if (Pending.CONFIRM_HANDOFF.equals(pending.slot())) {
            if (YES.matcher(text).matches()) {
                handoff(conversation, answer, language, "accepted a person for " + pending.intent());
                return true;
            }
            if (NO.matcher(text).matches()) {
                answer.say(Phrases.say(language, "declined"));
                return true;
            }
            return false;
        }
        if (Pending.ORDER.equals(pending.slot()) && conversation.memberId != null && services.store() != null) {
            Orders orders = orders(conversation.memberId, services.store());
            Optional<Order> order = orders.referredTo(text);
            if (order.isPresent()) {
                conversation.lastIntent = pending.intent();
                act(conversation, pending.intent(), text, language, services, answer, order.get());
                return true;
            }
            if (!newQuestion && pending.asked() < 2) {
                conversation.pending = new Pending(Pending.ORDER, pending.intent(), pending.asked() + 1);
                answer.say(Phrases.say(language, "which_order_again",
                        Phrases.summaries(language, recent(orders))));
                answer.act("ask_order", Map.of("intent", pending.intent(), "orders", ids(recent(orders))));
                return true;
            }
        }
        return false;
    }

    /** Acts on a confident intent; {@code order} is the order the member already named, if any. */
    private Answer act(Conversation conversation, String intent, String text, String language, Services services,
            Answer answer, Order order) {
        if (MEMBER_INTENTS.contains(intent)) {
            if (conversation.memberId == null) {
                answer.say(Phrases.say(language, "sign_in"));
                cite(answer, text, language, intent, services, false);
                return answer.act("sign_in", Map.of("intent", intent));
            }
            if (services.store() == null) {
                return answer.say(Phrases.say(language, "unavailable"));
            }
        }
        switch (intent) {
            case "contact_human_agent" -> {
                return handoff(conversation, answer, language, "asked for a person");
            }
            case "greeting" -> {
                return answer.say(Phrases.say(language, "greeting", name(conversation, services, language)));
            }
            case "thanks" -> {
                return answer.say(Phrases.say(language, "thanks", name(conversation, services, language)));
            }
            case "track_order" -> {
                return orderStatus(conversation, text, language, services, answer, order);
            }
            case "get_invoice", "cancel_order", "change_order", "get_refund" -> {
                return aboutOrder(conversation, intent, text, language, services, answer, order);
            }
            case "return_item", "track_refund" -> {
                return returns(conversation, intent, text, language, services, answer, order);
            }
            case "check_points" -> {
                return points(conversation, text, language, services, answer);
            }
            case "recommend_product" -> {
                return recommend(conversation, text, language, services, answer);
            }
            case "complaint" -> {
                cite(answer, text, language, intent, services, true);
                conversation.pending = new Pending(Pending.CONFIRM_HANDOFF, intent, 1);
                return answer.say(Phrases.say(language, "offer_person"));
            }
            default -> {
                if (!cite(answer, text, language, intent, services, true)) {
                    answer.say(Phrases.say(language, "no_answer"));
                }
                return answer;
            }
        }
    }

    private Answer orderStatus(Conversation conversation, String text, String language, Services services, Answer answer,
            Order named) {
        Orders orders = orders(conversation.memberId, services.store());
        Order order = named != null ? named : orders.referredTo(text).orElse(orders.latest().orElse(null));
        if (order == null) {
            return answer.say(Phrases.say(language, "no_orders"));
        }
        boolean latest = order.equals(orders.latest().orElse(null));
        answer.say(Phrases.say(language, latest ? "latest_order" : "this_order", order.id(),
                Phrases.date(language, order.placed()), Phrases.lines(language, order, SHOWN_LINES),
                Phrases.money(order.total())));
        answer.act("order_status", orderData(order));
        cite(answer, text, language, "track_order", services, false);
        return answer;
    }

    private Answer aboutOrder(Conversation conversation, String intent, String text, String language, Services services,
            Answer answer, Order named) {
        Orders orders = orders(conversation.memberId, services.store());
        if (orders.orders().isEmpty()) {
            return answer.say(Phrases.say(language, "no_orders"));
        }
        Order order = named != null ? named : orders.referredTo(text).orElse(orders.orders().size() == 1
                ? orders.orders().get(0) : null);
        if (order == null) {
            conversation.pending = new Pending(Pending.ORDER, intent, 1);
            answer.say(Phrases.say(language, "which_order", Phrases.summaries(language, recent(orders))));
            return answer.act("ask_order", Map.of("intent", intent, "orders", ids(recent(orders))));
        }
        answer.say(Phrases.say(language, "this_order", order.id(), Phrases.date(language, order.placed()),
                Phrases.lines(language, order, SHOWN_LINES), Phrases.money(order.total())));
        answer.act(intent.equals("get_invoice") ? "invoice" : "order_status", orderData(order));
        if (intent.equals("get_refund")) {
            List<Order> returned = orders.returnsOf(order);
            answer.say(returned.isEmpty() ? Phrases.say(language, "order_no_returns", order.id())
                    : Phrases.say(language, "order_returns", order.id(), returnsText(language, returned)));
            answer.act("returns", Map.of("order", order.id(), "returns", returnsData(returned)));
        }
        cite(answer, text, language, intent, services, false);
        if (intent.equals("cancel_order") || intent.equals("change_order")) {
            conversation.pending = new Pending(Pending.CONFIRM_HANDOFF, intent, 1);
            answer.say(Phrases.say(language, "cannot_change"));
        }
        return answer;
    }

    private Answer returns(Conversation conversation, String intent, String text, String language, Services services,
            Answer answer, Order named) {
        Orders orders = orders(conversation.memberId, services.store());
        Order order = named != null ? named : orders.referredTo(text).orElse(null);
        if (order != null) {
            List<Order> returned = orders.returnsOf(order);
            answer.say(returned.isEmpty() ? Phrases.say(language, "order_no_returns", order.id())
                    : Phrases.say(language, "order_returns", order.id(), returnsText(language, returned)));
            answer.act("returns", Map.of("order", order.id(), "returns", returnsData(returned)));
        } else if (orders.returns().isEmpty()) {
            answer.say(Phrases.say(language, "no_returns"));
            answer.act("returns", Map.of("returns", List.of()));
        } else {
            List<Order> latest = orders.returns().subList(0, Math.min(settings.ordersListed(), orders.returns().size()));
            answer.say(Phrases.say(language, "returns", returnsText(language, latest)));
            answer.act("returns", Map.of("returns", returnsData(latest), "total", orders.returns().size()));
        }
        cite(answer, text, language, intent, services, false);
        return answer;
    }

    private Answer points(Conversation conversation, String text, String language, Services services, Answer answer) {
        Member member = services.store().member(conversation.memberId).orElse(null);
        String tier = member == null ? null : member.attribute("tier");
        String points = member == null ? null : member.attribute("points");
        Map<String, Object> data = new LinkedHashMap<>();
        if (tier != null) {
            data.put("tier", tier);
        }
        if (points != null) {
            data.put("points", points);
        }
        if (tier != null && points != null) {
            answer.say(Phrases.say(language, "points", tier, points));
        } else if (tier != null) {
            answer.say(Phrases.say(language, "tier_only", tier));
        } else if (points != null) {
            answer.say(Phrases.say(language, "points_only", points));
        } else {
            answer.say(Phrases.say(language, "no_points"));
        }
        answer.act("points", data);
        cite(answer, text, language, "check_points", services, false);
        return answer;
    }

    private Answer recommend(Conversation conversation, String text, String language, Services services, Answer answer) {
        PriceAsk price = PriceAsk.of(text);
        String range = price.min() != null && price.max() != null
                ? Phrases.say(language, "between", Phrases.money(price.min()), Phrases.money(price.max()))
                : price.max() != null ? Phrases.say(language, "under", Phrases.money(price.max()))
                : price.min() != null ? Phrases.say(language, "over", Phrases.money(price.min())) : "";
        Recommendations recommendations = services.recommendations();
        if (recommendations == null || services.store() == null) {
            return answer.say(Phrases.say(language, "unavailable"));
        }
        Filters filters = new Filters(null, price.min(), price.max(), true, null, false);
        RecommendationResult result = recommendations.recommend(new RecommendationRequest(conversation.memberId, null,
                settings.items(), filters, Map.of("channel", "chat"), null));
        Map<String, Item> items = new HashMap<>();
        services.store().items(result.items().stream().map(Recommendation::itemId).toList())
                .forEach(item -> items.put(item.id(), item));
        List<Recommendation> kept = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (Recommendation recommendation : result.items()) {
            Item item = items.get(recommendation.itemId());
            if (item == null || !filters.admits(item)) {
                continue; // the store decides the price shown: never suggest what the member did not ask for
            }
            kept.add(recommendation);
            list.append("\n- ").append(item.title());
            if (item.price() != null) {
                list.append(" (").append(Phrases.money(item.price())).append(')');
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("strategy", result.strategy());
        data.put("count", kept.size());
        if (price.min() != null) {
            data.put("minPrice", price.min());
        }
        if (price.max() != null) {
            data.put("maxPrice", price.max());
        }
        data.putAll(result.attribution());
        answer.act("recommend", data);
        if (kept.isEmpty()) {
            return answer.say(Phrases.say(language, "recommend_none", range));
        }
        answer.items.addAll(kept);
        return answer.say(Phrases.say(language, "recommend", range)).say(list.toString());
    }

    private Answer handoff(Conversation conversation, Answer answer, String language, String reason) {
        answer.handoffReason = reason;
        answer.act("handoff", Map.of("reason", reason));
        return answer.say(Phrases.say(language, "handoff"));
    }

    /**
     * Answers from the knowledge base: the best article's passage (when {@code quote}) or a pointer to
     * it, cited. False when no article answers.
     */
    private boolean cite(Answer answer, String text, String language, String intent, Services services, boolean quote) {
        Knowledge knowledge = services.knowledge();
        if (knowledge == null) {
            return false;
        }
        List<ArticleHit> hits;
        try {
            hits = knowledge.search(text, language, intent, 1);
            if (hits.isEmpty() && Language.CHINESE.equals(language)) {
                hits = knowledge.search(text, null, intent, 1);
            }
        } catch (RuntimeException e) {
            LOG.warn("knowledge search failed for intent {}: {}", intent, e.toString());
            return false;
        }
        if (hits.isEmpty()) {
            return false;
        }
        ArticleHit hit = hits.get(0);
        answer.cite(hit);
        if (quote && hit.passage() != null && !hit.passage().isBlank()) {
            answer.say(shorten(hit.passage()));
        }
        answer.say(Phrases.say(language, "see", hit.title()));
        return true;
    }

    private static String shorten(String passage) {
        String text = passage.strip();
        if (text.length() <= PASSAGE_CHARACTERS) {
            return text;
        }
        int end = Math.max(text.lastIndexOf(". ", PASSAGE_CHARACTERS), text.lastIndexOf("。", PASSAGE_CHARACTERS));
        return end > PASSAGE_CHARACTERS / 3 ? text.substring(0, end + 1) : text.substring(0, PASSAGE_CHARACTERS) + "…";
    }

    private static Orders orders(String memberId, Store store) {
        return Orders.of(store.events(memberId), store::items);
    }

    private List<Order> recent(Orders orders) {
        return orders.orders().subList(0, Math.min(settings.ordersListed(), orders.orders().size()));
    }

    private static List<String> ids(List<Order> orders) {
        return orders.stream().map(Order::id).toList();
    }

    private static String name(Conversation conversation, Services services, String language) {
        if (conversation.memberId == null || services.store() == null) {
            return "";
        }
        Optional<Member> member = services.store().member(conversation.memberId);
        String name = member.map(m -> m.attribute("firstName") != null ? m.attribute("firstName") : m.attribute("name"))
                .orElse(null);
        return name == null || name.isBlank() ? "" : (Language.CHINESE.equals(language) ? "，" : ", ") + name.strip();
    }

    static Map<String, Object> orderData(Order order) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order", order.id());
        data.put("placed", order.placed().toString());
        data.put("total", order.total());
        data.put("currency", "GBP");
        data.put("units", order.units());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Order.Line line : order.lines()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("item", line.itemId());
            l.put("title", line.title());
            l.put("quantity", line.quantity());
            if (line.price() != null) {
                l.put("price", line.price());
            }
            lines.add(l);
        }
        data.put("lines", lines);
        return data;
    }

    private static List<Map<String, Object>> returnsData(List<Order> returns) {
        return returns.stream().map(Dialogue::orderData).toList();
    }

    private static String returnsText(String language, List<Order> returns) {
        StringBuilder text = new StringBuilder();
        for (Order returned : returns) {
            text.append(text.length() == 0 ? "" : Language.CHINESE.equals(language) ? "；" : "; ")
                    .append(Phrases.date(language, returned.placed())).append(": ")
                    .append(Phrases.lines(language, returned, 3)).append(" (").append(Phrases.money(returned.total()))
                    .append(')');
        }
        return text.toString();
    }
}
