package org.affinity.chat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import org.affinity.api.chat.ChatAction;
import org.affinity.api.chat.ChatReply;
import org.affinity.api.chat.ChatSession;
import org.affinity.api.chat.Handoff;
import org.affinity.api.chat.LanguageModel;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Routing;
import org.affinity.api.recommend.UpliftReport;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat on real Online Retail members (the first 60,000 lines of the demo file: December 2010 and early January 2011): answers come from the
 * member's own purchase and return events; the classifier is scripted so the dialogue is what is tested.
 */
class ChatServiceTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static OnlineRetailSlice slice;

    @TempDir
    Path folder;

    private MemoryStore store;
    private final ScriptedClassifier classifier = new ScriptedClassifier()
            .when("where is my order", "track_order").when("订单在哪", "track_order")
            .when("invoice", "get_invoice").when("发票", "get_invoice")
            .when("cancel", "cancel_order")
            .when("refund", "get_refund").when("return", "return_item")
            .when("points", "check_points")
            .when("gift", "recommend_product").when("礼物", "recommend_product")
            .when("person", "contact_human_agent")
            .when("delivery", "delivery_options")
            .when("terrible", "complaint")
            .when("hello", "greeting").when("thank", "thanks");
    private final ArticlesByIntent knowledge = new ArticlesByIntent()
            .add("delivery", "en", "delivery_options", "Delivery options and costs", "UK delivery takes 2-3 working days.")
            .add("delivery.zh", "zh", "delivery_options", "配送方式和费用", "英国境内配送需要2-3个工作日。")
            .add("tracking", "en", "track_order", "Tracking your order", "Orders leave our warehouse within 2 working days.")
            .add("tracking.zh", "zh", "track_order", "订单跟踪", "订单会在两个工作日内发货。")
            .add("invoices", "en", "get_invoice", "Invoices and VAT", "Every order comes with a VAT invoice.")
            .add("complaints", "en", "complaint", "Complaints", "We answer every complaint within one working day.");

    @BeforeAll
    static void readSlice() {
        slice = OnlineRetailSlice.read(60_000);
    }

    @BeforeEach
    void fill() {
        store = slice.store();
    }

    private ChatService chat() throws IOException {
        return chat(null, null);
    }

    private ChatService chat(Recommendations recommendations, LanguageModel model) throws IOException {
        return new ChatService(folder, ChatSettings.DEFAULTS, store, classifier, knowledge, recommendations, model);
    }

    /** The member's orders computed here, independently of Orders: invoice -> (latest time, total). */
    private static Map<String, Object[]> invoices(List<Event> events) {
        Map<String, Object[]> invoices = new HashMap<>();
        for (Event e : events) {
            if (e.type() == EventType.PURCHASE) {
                Object[] invoice = invoices.computeIfAbsent((String) e.attributes().get("order"),
                        k -> new Object[] { Instant.MIN, BigDecimal.ZERO });
                invoice[0] = e.timestamp().isAfter((Instant) invoice[0]) ? e.timestamp() : invoice[0];
                invoice[1] = ((BigDecimal) invoice[1]).add(e.price().multiply(BigDecimal.valueOf(e.quantity())));
            }
        }
        return invoices;
    }

    private static String latestInvoice(Map<String, Object[]> invoices) {
        return invoices.entrySet().stream().max(Comparator.comparing(e -> (Instant) e.getValue()[0])).orElseThrow().getKey();
    }

    @Test
    void whereIsMyOrderAnswersWithTheMembersLatestRealInvoice() throws IOException {
        Map<String, Object[]> invoices = invoices(store.events("17850"));
        assertTrue(invoices.size() > 3, "17850 has several orders in the slice: " + invoices.size());
        String latest = latestInvoice(invoices);

        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        ChatReply reply = chat.send(session.id(), "Where is my order?");

        assertEquals("track_order", reply.intent());
        assertEquals("en", reply.language());
        assertFalse(reply.handoff());
        assertTrue(reply.text().contains(latest), reply.text());
        assertTrue(reply.text().contains(Phrases.money((BigDecimal) invoices.get(latest)[1])), reply.text());
        LocalDate day = LocalDate.ofInstant((Instant) invoices.get(latest)[0], LONDON);
        assertTrue(reply.text().contains(day.getDayOfMonth() + " " + day.getMonth().getDisplayName(TextStyle.FULL, Locale.UK)),
                reply.text());
        ChatAction status = action(reply, "order_status");
        assertEquals(latest, status.data().get("order"));
        assertEquals(0, ((BigDecimal) invoices.get(latest)[1]).compareTo((BigDecimal) status.data().get("total")));
        assertEquals(List.of("tracking"), reply.sources().stream().map(s -> s.id()).toList(), "cites the tracking article");
    }

    @Test
    void aChineseQuestionGetsAChineseAnswer() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        ChatReply reply = chat.send(session.id(), "我的订单在哪里？");
        assertEquals("zh", reply.language());
        assertTrue(reply.text().contains("您最近的订单是"), reply.text());
        assertEquals(List.of("tracking.zh"), reply.sources().stream().map(s -> s.id()).toList());

        ChatReply delivery = chat.send(session.id(), "delivery 要多久");
        assertEquals("zh", delivery.language());
        assertTrue(delivery.text().contains("英国境内配送"), delivery.text());
    }

    @Test
    void whichOrderIsAskedThenTheOneFromAMonthIsFound() throws IOException {
        // a member whose orders span two months (December and January in the slice)
        String member = slice.members.keySet().stream().filter(m -> invoices(store.events(m)).values().stream()
                .map(v -> LocalDate.ofInstant((Instant) v[0], LONDON).getMonth()).distinct().count() > 1)
                .findFirst().orElseThrow();
        Map<String, Object[]> invoices = invoices(store.events(member));
        // an order from another month than the latest one, so "the one from <month>" has one answer
        String latest = latestInvoice(invoices);
        java.time.Month latestMonth = LocalDate.ofInstant((Instant) invoices.get(latest)[0], LONDON).getMonth();
        Map.Entry<String, Object[]> older = invoices.entrySet().stream()
                .filter(e -> LocalDate.ofInstant((Instant) e.getValue()[0], LONDON).getMonth() != latestMonth)
                .max(Comparator.comparing(e -> (Instant) e.getValue()[0])).orElseThrow();
        String month = LocalDate.ofInstant((Instant) older.getValue()[0], LONDON).getMonth()
                .getDisplayName(TextStyle.FULL, Locale.UK);

        ChatService chat = chat();
        ChatSession session = chat.open(member);
        ChatReply ask = chat.send(session.id(), "I need an invoice please");
        assertTrue(ask.text().startsWith("Which order do you mean?"), ask.text());
        assertEquals("ask_order", ask.actions().get(0).name());

        ChatReply answer = chat.send(session.id(), "the one from " + month);
        ChatAction invoice = action(answer, "invoice");
        assertEquals(older.getKey(), invoice.data().get("order"), answer.text());
        assertTrue(answer.text().contains(older.getKey()), answer.text());
        assertEquals(List.of("invoices"), answer.sources().stream().map(s -> s.id()).toList());
    }

    @Test
    void anUnmatchedOrderIsAskedAgainThenANewQuestionWins() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        chat.send(session.id(), "cancel my order");
        ChatReply again = chat.send(session.id(), "the one with the purple elephants");
        assertTrue(again.text().startsWith("Sorry, I couldn't match that"), again.text());
        ChatReply other = chat.send(session.id(), "what delivery options do you have");
        assertEquals("delivery_options", other.intent());
        assertTrue(other.text().contains("UK delivery takes"), other.text());
    }

    @Test
    void visitorsGetArticlesAndAreAskedToSignInForTheirOrders() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open(null);
        ChatReply reply = chat.send(session.id(), "where is my order");
        assertTrue(reply.text().contains("sign in"), reply.text());
        assertEquals("sign_in", reply.actions().get(0).name());
        assertEquals(List.of("tracking"), reply.sources().stream().map(s -> s.id()).toList());
        ChatReply delivery = chat.send(session.id(), "delivery costs?");
        assertTrue(delivery.text().contains("UK delivery takes"), delivery.text());
        assertThrows(NoSuchElementException.class, () -> chat.open("no-such-member"));
    }

    @Test
    void askingForAPersonHandsOffWithTheTranscriptAndTheMembersContext() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        chat.send(session.id(), "hello");
        ChatReply reply = chat.send(session.id(), "I want to talk to a person");
        assertTrue(reply.handoff());
        assertEquals("handoff", reply.actions().get(0).name());

        List<Handoff> handoffs = chat.handoffs();
        assertEquals(1, handoffs.size());
        Handoff handoff = handoffs.get(0);
        assertEquals(session.id(), handoff.sessionId());
        assertEquals("asked for a person", handoff.reason());
        assertEquals(4, handoff.transcript().size());
        assertEquals("United Kingdom", handoff.context().get("country"));
        assertEquals(invoices(store.events("17850")).size(), handoff.context().get("orders"));

        ChatReply waiting = chat.send(session.id(), "hello?");
        assertTrue(waiting.handoff());
        assertTrue(waiting.text().startsWith("A colleague will be with you shortly"), waiting.text());

        chat.close(session.id(), "resolved by Anna");
        assertTrue(chat.handoffs().isEmpty());
        assertThrows(IllegalStateException.class, () -> chat.send(session.id(), "one more thing"));
    }

    @Test
    void unclearMessagesTwiceInARowHandOff() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        ChatReply first = chat.send(session.id(), "asdkj qwe zxcm");
        assertTrue(first.abstained());
        assertFalse(first.handoff());
        assertTrue(first.text().startsWith("I'm not sure I understood"), first.text());
        ChatReply second = chat.send(session.id(), "blorp fnargh");
        assertTrue(second.handoff());
        assertTrue(chat.handoffs().get(0).reason().startsWith("unclear messages 2 times"), chat.handoffs().get(0).reason());
    }

    @Test
    void theSameQuestionThreeTimesInARowHandsOff() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open(null);
        assertFalse(chat.send(session.id(), "delivery?").handoff());
        assertFalse(chat.send(session.id(), "but delivery??").handoff());
        assertTrue(chat.send(session.id(), "DELIVERY!").handoff());
    }

    @Test
    void aComplaintOffersAPersonAndYesHandsOff() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        ChatReply offer = chat.send(session.id(), "your service is terrible");
        assertTrue(offer.text().contains("pass it to a colleague"), offer.text());
        assertFalse(offer.handoff());
        ChatReply yes = chat.send(session.id(), "yes please");
        assertTrue(yes.handoff());
        assertTrue(chat.handoffs().get(0).reason().contains("complaint"));
    }

    @Test
    void withoutAReadyClassifierAPersonCanStillBeAskedFor() throws IOException {
        classifier.notReady();
        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        ChatReply reply = chat.send(session.id(), "let me talk to a human");
        assertTrue(reply.handoff());
        assertEquals(null, reply.intent());
    }

    @Test
    void everyMemberMessageIsAChatEvent() throws IOException {
        ChatService chat = chat();
        ChatSession session = chat.open("17850");
        chat.send(session.id(), "where is my order");
        chat.send(session.id(), "thank you");
        List<Event> chats = store.events("17850").stream().filter(e -> e.type() == EventType.CHAT).toList();
        assertEquals(List.of("where is my order", "thank you"), chats.stream().map(Event::text).toList());
        assertEquals("track_order", chats.get(0).attributes().get("intent"));
        assertEquals(session.id(), chats.get(0).attributes().get("session"));
    }

    @Test
    void pointsAndTierComeFromTheMembersAttributes() throws IOException {
        store.putMember(Member.of("gold-1", Map.of("tier", "Gold", "points", 1250), Consent.ALL));
        store.putMember(Member.of("plain-1", Map.of(), Consent.ALL));
        ChatService chat = chat();
        ChatReply gold = chat.send(chat.open("gold-1").id(), "how many points do I have");
        assertTrue(gold.text().contains("Gold") && gold.text().contains("1250"), gold.text());
        ChatReply plain = chat.send(chat.open("plain-1").id(), "how many points do I have");
        assertTrue(plain.text().startsWith("I can't find loyalty points"), plain.text());
    }

    @Test
    void giftIdeasStayWithinThePriceAskedAndAreExplained() throws IOException {
        List<String> asked = new ArrayList<>();
        Recommendations recommendations = new Recommendations() {
            @Override
            public RecommendationResult recommend(RecommendationRequest request) {
                asked.add(request.memberId() + " max " + request.filters().maxPrice());
                // a strategy that ignores the filter: chat must not pass on what it did not ask for
                List<Recommendation> items = slice.items.values().stream().limit(12)
                        .map(i -> new Recommendation(i.id(), 1, "bought with " + i.title())).toList();
                return new RecommendationResult(items, "hybrid", "default", List.of(), "r1");
            }

            @Override
            public java.util.Set<String> strategies() {
                return java.util.Set.of("hybrid");
            }

            @Override
            public String defaultStrategy() {
                return "hybrid";
            }

            @Override
            public Routing routing() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Routing configure(Routing routing) {
                throw new UnsupportedOperationException();
            }

            @Override
            public UpliftReport uplift() {
                throw new UnsupportedOperationException();
            }
        };
        ChatService chat = chat(recommendations, null);
        ChatReply reply = chat.send(chat.open("17850").id(), "can you recommend a gift under 3 pounds?");
        assertEquals(List.of("17850 max 3"), asked);
        assertFalse(reply.items().isEmpty());
        for (Recommendation r : reply.items()) {
            Item item = store.item(r.itemId()).orElseThrow();
            assertTrue(item.price().compareTo(new BigDecimal("3")) <= 0, item.toString());
            assertFalse(r.explanation().isBlank());
            assertTrue(reply.text().contains(item.title()), reply.text());
        }
        assertTrue(reply.items().size() < 12, "items over the price were dropped");
        assertEquals("hybrid", action(reply, "recommend").data().get("strategy"));

        ChatReply chinese = chat.send(chat.open("17850").id(), "推荐一个5英镑以下的礼物");
        assertEquals("zh", chinese.language());
        assertTrue(chinese.text().startsWith("为您推荐£5.00以下"), chinese.text());
    }

    @Test
    void aLanguageModelRewordsButCannotChangeTheFacts() throws IOException {
        List<String> prompts = new ArrayList<>();
        LanguageModel keeps = new LanguageModel() {
            @Override
            public String model() {
                return "test";
            }

            @Override
            public String complete(List<Message> messages, Duration timeout) {
                prompts.add(messages.get(1).content());
                String draft = messages.get(1).content().substring(messages.get(1).content().indexOf("Draft answer:\n") + 14);
                return "Of course! " + draft;
            }
        };
        ChatService chat = chat(null, keeps);
        ChatReply kept = chat.send(chat.open("17850").id(), "where is my order");
        assertTrue(kept.text().startsWith("Of course! Your latest order is"), kept.text());
        assertTrue(prompts.get(0).startsWith("Customer: where is my order"));

        LanguageModel drops = new LanguageModel() {
            @Override
            public String model() {
                return "test";
            }

            @Override
            public String complete(List<Message> messages, Duration timeout) {
                return "Your order is on its way!";
            }
        };
        ChatService careful = chat(null, drops);
        ChatReply plain = careful.send(careful.open("17850").id(), "where is my order");
        assertTrue(plain.text().startsWith("Your latest order is"), "the rewording lost the invoice: " + plain.text());

        LanguageModel fails = new LanguageModel() {
            @Override
            public String model() {
                return "test";
            }

            @Override
            public String complete(List<Message> messages, Duration timeout) throws IOException {
                throw new IOException("timed out");
            }
        };
        ChatService unreachable = chat(null, fails);
        assertTrue(unreachable.send(unreachable.open("17850").id(), "where is my order").text().startsWith("Your latest order is"));
    }

    @Test
    void badMessagesAreRefusedNamingTheProblem() throws IOException {
        ChatService chat = chat();
        String id = chat.open("17850").id();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> chat.send(id, "  ")).getMessage().contains("empty"));
        String big = "x".repeat(100_000);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> chat.send(id, big)).getMessage()
                .contains("100000 characters"));
        assertThrows(NoSuchElementException.class, () -> chat.send("cs-nope", "hello"));
        assertEquals(0, chat.session(id).orElseThrow().turns().size(), "nothing was recorded");
    }

    @Test
    void sessionsAndTheHandoffQueueSurviveARestart() throws IOException {
        ChatService chat = chat();
        ChatSession open = chat.open("17850");
        chat.send(open.id(), "where is my order");
        ChatSession waiting = chat.open(null);
        chat.send(waiting.id(), "a person please");

        ChatService restarted = chat();
        ChatSession read = restarted.session(open.id()).orElseThrow();
        assertEquals(2, read.turns().size());
        assertEquals("track_order", read.turns().get(0).intent());
        assertEquals(List.of(waiting.id()), restarted.handoffs().stream().map(Handoff::sessionId).toList());
        assertEquals(List.of(open.id()), restarted.sessions("17850").stream().map(ChatSession::id).toList());
        ChatReply more = restarted.send(open.id(), "thanks");
        assertEquals("thanks", more.intent());
    }

    @Test
    void erasingAMemberDeletesTheirSessionsAndTranscripts() throws IOException {
        ChatService chat = chat();
        store.listen(chat);
        ChatSession mine = chat.open("17850");
        chat.send(mine.id(), "a person please");
        ChatSession visitor = chat.open(null);
        chat.send(visitor.id(), "hello");
        assertEquals(1, ((List<?>) chat.exportMember("17850").get("chat")).size());

        assertTrue(store.erase("17850"));
        assertTrue(chat.session(mine.id()).isEmpty());
        assertTrue(chat.sessions("17850").isEmpty());
        assertTrue(chat.handoffs().isEmpty());
        assertTrue(chat.exportMember("17850").isEmpty());
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> left = files.map(p -> folder.relativize(p).toString()).filter(p -> p.contains(mine.id())).toList();
            assertEquals(List.of(), left, "no file of the erased member's session is left");
        }
        assertTrue(chat.session(visitor.id()).isPresent(), "other sessions stay");
        assertNotEquals(0, chat.session(visitor.id()).orElseThrow().turns().size());
    }

    private static ChatAction action(ChatReply reply, String name) {
        return reply.actions().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no action " + name + " in " + reply.actions()));
    }
}
