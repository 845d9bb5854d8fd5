package org.affinity.chat.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.affinity.api.chat.Chat;
import org.affinity.api.chat.ChatReply;
import org.affinity.api.chat.ChatSession;
import org.affinity.api.chat.ChatTurn;
import org.affinity.api.chat.Handoff;
import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.Knowledge;
import org.affinity.api.chat.LanguageModel;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.profile.Profiles;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Chat} service: sessions kept in the data folder ({@code chat/sessions}), each message
 * classified, answered by the {@link Dialogue}, optionally reworded, recorded in the transcript and,
 * for members, stored as a {@code chat} event. Every service it uses may come and go: without a
 * classifier every message is unclear, without knowledge there are no article answers, without the
 * store members' data cannot be looked up. Erasing a member deletes their sessions.
 */
@Component(service = { Chat.class, StoreListener.class }, configurationPid = "org.affinity.chat", immediate = true)
@Designate(ocd = ChatConfig.class)
public class ChatService implements Chat, StoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Sessions untouched this long leave memory (they stay on disk). */
    private static final Duration IDLE = Duration.ofMinutes(30);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IntentClassifier classifier;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Knowledge knowledge;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Store store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recommendations recommendations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Profiles profiles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LanguageModel languageModel;

    private final Map<String, Conversation> cache = new ConcurrentHashMap<>();
    /** Sessions waiting for a person: id to when they were queued. */
    private final Map<String, Instant> queue = new ConcurrentHashMap<>();
    /**
     * Writers of sessions hold the read lock, erasure the write lock: a message answered while a member
     * is erased can neither write their session back after the erasure nor load it while it goes.
     */
    private final ReentrantReadWriteLock erasing = new ReentrantReadWriteLock();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "affinity-chat-sweeper");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ChatSettings settings;
    private volatile Dialogue dialogue;
    private SessionFiles files;

    public ChatService() {
    }

    /** Outside OSGi (tests): sessions under {@code folder}, services given directly. */
    ChatService(Path folder, ChatSettings settings, Store store, IntentClassifier classifier, Knowledge knowledge,
            Recommendations recommendations, LanguageModel languageModel) throws IOException {
        this.store = store;
        this.classifier = classifier;
        this.knowledge = knowledge;
        this.recommendations = recommendations;
        this.languageModel = languageModel;
        start(folder, settings);
    }

    @Activate
    void activate(BundleContext context, ChatConfig config) throws IOException {
        String data = context.getProperty("affinity.data");
        start(Path.of(data == null ? "var" : data, "chat", "sessions"), ChatSettings.of(config));
    }

    private void start(Path folder, ChatSettings with) throws IOException {
        configure(with);
        files = new SessionFiles(folder);
        for (String id : files.handoffs()) {
            files.read(id).ifPresent(c -> queue.put(c.id, c.handoffAt == null ? c.updated : c.handoffAt));
        }
        sweeper.scheduleWithFixedDelay(this::forgetIdle, 5, 5, TimeUnit.MINUTES);
        sweeper.scheduleWithFixedDelay(this::deleteExpired, 1, 24 * 60, TimeUnit.MINUTES);
        LOG.info("chat: {} sessions on disk, {} waiting for a person", files.size(), queue.size());
    }

    @Modified
    void modified(ChatConfig config) {
        configure(ChatSettings.of(config));
    }

    private void configure(ChatSettings with) {
        settings = with;
        dialogue = new Dialogue(with);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
    }

    @Override
    public ChatSession open(String memberId) {
        if (memberId != null) {
            if (memberId.isBlank()) {
                throw new IllegalArgumentException("member must not be blank (leave it out for an anonymous visitor)");
            }
            Store current = store;
            if (current == null) {
                throw new IllegalStateException("the store is not available: members cannot be looked up");
            }
            if (current.member(memberId).isEmpty()) {
                throw new NoSuchElementException("no member '" + memberId + "'");
            }
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        Conversation conversation = new Conversation("cs-" + HexFormat.of().formatHex(random), memberId, Instant.now());
        erasing.readLock().lock();
        try {
            files.write(conversation);
            cache.put(conversation.id, conversation);
        } finally {
            erasing.readLock().unlock();
        }
        return conversation.session();
    }

    @Override
    public ChatReply send(String sessionId, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text is empty: send the member's message as \"text\"");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("text is " + text.length() + " characters long; at most " + MAX_TEXT
                    + " are accepted");
        }
        String message = text.strip();
        erasing.readLock().lock();
        try {
            while (true) {
                Conversation conversation = conversation(sessionId);
                synchronized (conversation) {
                    if (conversation.evicted) {
                        continue; // it left the cache while we waited: answer on the copy that is current
                    }
                    return answer(conversation, message);
                }
            }
        } finally {
            erasing.readLock().unlock();
        }
    }

    /** Answers one message. Holds the conversation's lock. */
    private ChatReply answer(Conversation conversation, String text) {
        if (Conversation.CLOSED.equals(conversation.state)) {
            throw new IllegalStateException("session " + conversation.id + " is closed: open a new one");
        }
        ChatSettings with = settings;
        IntentPrediction prediction = classify(with, text);
        String language = prediction != null && prediction.language() != null ? prediction.language() : Language.of(text);
        conversation.language = language;
        Instant now = Instant.now();
        conversation.add(new ChatTurn("member", text, now, prediction == null ? null : prediction.intent(),
                prediction == null ? 0 : prediction.confidence(), null, null));
        record(conversation, text, prediction, language, now);

        Answer answer;
        if (Conversation.HANDOFF.equals(conversation.state)) {
            answer = new Answer().say(Phrases.say(language, "handoff_waiting"));
        } else {
            Store current = store;
            answer = dialogue.answer(conversation, text, prediction, language,
                    new Dialogue.Services(current, knowledge, recommendations));
            if (answer.handoff()) {
                conversation.state = Conversation.HANDOFF;
                conversation.handoffReason = answer.handoffReason;
                conversation.handoffAt = Instant.now();
                conversation.pending = null;
                conversation.context = context(conversation.memberId, language, current);
                queue.put(conversation.id, conversation.handoffAt);
            }
        }
        String reply = answer.text();
        LanguageModel model = languageModel;
        if (model != null && with.rephrase() && !answer.handoff()) {
            reply = Rephraser.rephrase(model, text, reply, language, with.rephraseTimeout());
        }
        conversation.add(new ChatTurn("assistant", reply, Instant.now(), null, 0,
                answer.sources.stream().map(s -> s.id()).toList(), answer.actions));
        files.write(conversation);
        return new ChatReply(conversation.id, reply, prediction == null ? null : prediction.intent(),
                prediction == null ? 0 : prediction.confidence(), prediction == null || prediction.abstained(), language,
                answer.sources, answer.actions, answer.items, Conversation.HANDOFF.equals(conversation.state));
    }

    private IntentPrediction classify(ChatSettings with, String text) {
        IntentClassifier current = classifier;
        if (current == null) {
            return null;
        }
        try {
            return current.classify(with.intentSet(), text);
        } catch (NoSuchElementException notReady) {
            LOG.debug("intent set '{}' cannot classify yet: {}", with.intentSet(), notReady.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("intent classification failed: {}", e.toString());
        }
        return null;
    }

    /** Stores a member's message as a chat event, so profiles learn from what members say. */
    private void record(Conversation conversation, String text, IntentPrediction prediction, String language, Instant at) {
        Store current = store;
        if (conversation.memberId == null || current == null) {
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("session", conversation.id);
        attributes.put("language", language);
        if (prediction != null) {
            attributes.put("intent", prediction.intent());
            attributes.put("confidence", Math.round(prediction.confidence() * 1000) / 1000.0);
        }
        try {
            current.append(List.of(new Event(conversation.id + "-" + conversation.turns.size(), EventType.CHAT,
                    conversation.memberId, null, 0, null, text, at, attributes)));
        } catch (RuntimeException e) {
            LOG.warn("could not store the chat event of session {}: {}", conversation.id, e.toString());
        }
    }

    /** What an agent taking over should know of the member. */
    private Map<String, Object> context(String memberId, String language, Store current) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("language", language);
        if (memberId == null || current == null) {
            return context;
        }
        try {
            current.member(memberId).ifPresent(member -> {
                for (String key : List.of("name", "firstName", "country", "tier", "points")) {
                    if (member.attribute(key) != null) {
                        context.put(key, member.attribute(key));
                    }
                }
            });
            Orders orders = Orders.of(current.events(memberId), current::items);
            context.put("orders", orders.orders().size());
            context.put("returns", orders.returns().size());
            orders.latest().ifPresent(order -> context.put("latestOrder", Map.of("order", order.id(), "placed",
                    order.placed().toString(), "total", order.total())));
            Profiles currentProfiles = profiles;
            if (currentProfiles != null) {
                currentProfiles.profile(memberId).ifPresent(p -> {
                    if (p.rfm() != null) {
                        context.put("segment", p.rfm().segment());
                        context.put("spend", p.rfm().monetary());
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("could not gather the handoff context of a member: {}", e.toString());
        }
        return context;
    }

    @Override
    public Optional<ChatSession> session(String id) {
        return find(id).map(c -> {
            synchronized (c) {
                return c.session();
            }
        });
    }

    @Override
    public List<ChatSession> sessions(String memberId) {
        List<ChatSession> sessions = new ArrayList<>();
        for (String id : files.sessionsOf(memberId)) {
            session(id).ifPresent(sessions::add);
        }
        sessions.sort(Comparator.comparing(ChatSession::updated).reversed());
        return sessions;
    }

    @Override
    public List<Handoff> handoffs() {
        List<Handoff> handoffs = new ArrayList<>();
        for (Map.Entry<String, Instant> entry : queue.entrySet()) {
            find(entry.getKey()).ifPresent(c -> {
                synchronized (c) {
                    if (Conversation.HANDOFF.equals(c.state)) {
                        handoffs.add(new Handoff(c.id, c.memberId, c.handoffReason, entry.getValue(), c.context, c.turns));
                    }
                }
            });
        }
        handoffs.sort(Comparator.comparing(Handoff::queued));
        return handoffs;
    }

    @Override
    public ChatSession close(String sessionId, String note) {
        erasing.readLock().lock();
        try {
            return closeLocked(sessionId, note);
        } finally {
            erasing.readLock().unlock();
        }
    }

    private ChatSession closeLocked(String sessionId, String note) {
        while (true) {
            Conversation conversation = conversation(sessionId);
            synchronized (conversation) {
                if (conversation.evicted) {
                    continue;
                }
                if (!Conversation.CLOSED.equals(conversation.state)) {
                    conversation.state = Conversation.CLOSED;
                    conversation.note = note;
                    conversation.pending = null;
                    conversation.add(new ChatTurn("system", note == null || note.isBlank() ? "closed" : "closed: " + note,
                            Instant.now(), null, 0, null, null));
                    files.write(conversation);
                }
                queue.remove(sessionId);
                return conversation.session();
            }
        }
    }

    /** The session, loaded into the cache when needed; throws when unknown. */
    private Conversation conversation(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("no chat session '" + id + "'"));
    }

    private Optional<Conversation> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Conversation cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        erasing.readLock().lock();
        try {
            if (!files.exists(id)) {
                return Optional.empty();
            }
            return Optional.ofNullable(cache.computeIfAbsent(id, key -> files.read(key).orElse(null)));
        } finally {
            erasing.readLock().unlock();
        }
    }

    @Override
    public void memberErased(String memberId) {
        erasing.writeLock().lock();
        try {
            for (Conversation conversation : List.copyOf(cache.values())) {
                if (memberId.equals(conversation.memberId)) {
                    conversation.evicted = true;
                    cache.remove(conversation.id, conversation);
                }
            }
            List<String> erased = files.erase(memberId);
            erased.forEach(queue::remove);
            LOG.info("chat: erased {} session(s) of a member", erased.size());
        } catch (IOException e) {
            LOG.error("chat: could not erase a member's sessions: {}", e.getMessage(), e);
        } finally {
            erasing.writeLock().unlock();
        }
    }

    @Override
    public Map<String, Object> exportMember(String memberId) {
        List<ChatSession> sessions = sessions(memberId);
        return sessions.isEmpty() ? Map.of() : Map.of("chat", sessions);
    }

    /** Lets sessions nobody touched for a while leave memory; they are read again when needed. */
    private void forgetIdle() {
        forgetIdle(Instant.now().minus(IDLE));
    }

    private void forgetIdle(Instant cutoff) {
        for (Conversation conversation : List.copyOf(cache.values())) {
            synchronized (conversation) {
                if (conversation.updated.isBefore(cutoff)) {
                    conversation.evicted = true;
                    cache.remove(conversation.id, conversation);
                }
            }
        }
    }

    private void deleteExpired() {
        int days = settings.retentionDays();
        if (days <= 0) {
            return;
        }
        try {
            Instant cutoff = Instant.now().minus(Duration.ofDays(days));
            int deleted;
            erasing.writeLock().lock();
            try {
                forgetIdle(cutoff);
                deleted = files.deleteOlderThan(cutoff);
                queue.keySet().removeIf(id -> !files.exists(id));
            } finally {
                erasing.writeLock().unlock();
            }
            if (deleted > 0) {
                LOG.info("chat: deleted {} session(s) untouched for {} days", deleted, days);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("chat: could not delete expired sessions: {}", e.toString());
        }
    }
}
