package org.affinity.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;
import org.affinity.api.store.StoreListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on JDBC. Writes are serialised (one writer at a time) so that listeners hear about
 * commits in commit order; reads run concurrently. A write returns after its transaction committed.
 */
@Component(service = Store.class, configurationPid = "org.affinity.store")
@Designate(ocd = StoreConfig.class)
public class JdbcStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    private static final int SCAN_FETCH_SIZE = 2000;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ChangeFeed feed;
    private final Duration eraseTimeout;
    private final ReentrantLock writer = new ReentrantLock();
    private final Map<ComponentServiceObjects<StoreListener>, DeferredListener> deferred = new java.util.concurrent.ConcurrentHashMap<>();
    private final RowCache<Item> itemRows;
    private final RowCache<List<Event>> histories;

    @Activate
    public JdbcStore(@Reference(name = "dataSource", policyOption = ReferencePolicyOption.GREEDY)
            Map.Entry<Map<String, Object>, DataSource> dataSource, StoreConfig config) throws SQLException {
        this(dataSource.getValue(), Dialect.of(dataSource.getKey().get(Dialect.PROPERTY)), config.listenerBacklog(),
                Duration.ofSeconds(config.eraseTimeoutSeconds()), config.cachedItems(), config.cachedHistoryEvents());
    }

    /** Outside OSGi (tests, tools): a store on the given database, with the default caches. */
    public JdbcStore(DataSource dataSource, Dialect dialect, int listenerBacklog, Duration eraseTimeout) throws SQLException {
        this(dataSource, dialect, listenerBacklog, eraseTimeout, DEFAULT_CACHED_ITEMS, DEFAULT_CACHED_HISTORY_EVENTS);
    }

    static final int DEFAULT_CACHED_ITEMS = 100_000;
    static final int DEFAULT_CACHED_HISTORY_EVENTS = 500_000;

    /**
     * @param cachedItems item rows kept in memory (0: none)
     * @param cachedHistoryEvents events of member histories kept in memory, whole histories (0: none)
     */
    public JdbcStore(DataSource dataSource, Dialect dialect, int listenerBacklog, Duration eraseTimeout, int cachedItems,
            int cachedHistoryEvents) throws SQLException {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.feed = new ChangeFeed(listenerBacklog);
        this.eraseTimeout = eraseTimeout;
        this.itemRows = new RowCache<>(cachedItems, item -> 1);
        // An empty history weighs 1: members asked about before their first event are remembered too.
        this.histories = new RowCache<>(cachedHistoryEvents, events -> Math.max(1, events.size()));
        try (Connection connection = dataSource.getConnection()) {
            int version = Migrations.migrate(connection);
            LOG.info("store open on {} (schema version {})", dialect.name().toLowerCase(), version);
        }
    }

    @Deactivate
    public void close() {
        feed.close();
    }

    /** Outside OSGi (tests, tools); in OSGi the StoreListener services, see {@link #bindListener}. */
    public void addListener(StoreListener listener) {
        feed.add(listener);
    }

    public void removeListener(StoreListener listener) {
        feed.remove(listener);
    }

    /** Bound without fetching the service (see {@link DeferredListener}); fetched on its own thread. */
    @Reference(service = StoreListener.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(ComponentServiceObjects<StoreListener> objects) {
        DeferredListener listener = new DeferredListener(objects);
        DeferredListener earlier = deferred.put(objects, listener);
        if (earlier != null) {
            feed.remove(earlier);
            earlier.release();
        }
        feed.add(listener);
        feed.tell(listener, bound -> listener.service());
    }

    void unbindListener(ComponentServiceObjects<StoreListener> objects) {
        DeferredListener listener = deferred.remove(objects);
        if (listener != null) {
            feed.remove(listener);
            listener.release();
        }
    }

    // --- members -----------------------------------------------------------------------------

    @Override
    public Optional<Member> member(String id) {
        return query("SELECT " + Rows.MEMBER_COLUMNS + " FROM members WHERE id = ?", List.of(id), Rows::member)
                .stream().findFirst();
    }

    @Override
    public Member putMember(Member member) {
        Member stored = write(connection -> {
            Optional<Member> existing = member(connection, member.id());
            Instant now = now();
            Member result = new Member(member.id(), member.attributes(), member.consent(),
                    existing.map(Member::created).orElse(now), now);
            upsertMember(connection, result, existing.isPresent());
            return result;
        }, stored1 -> feed.publish(listener -> listener.membersChanged(List.of(stored1))));
        return stored;
    }

    @Override
    public void mergeMembers(List<Member> members) {
        if (members.isEmpty()) {
            return;
        }
        write(connection -> {
            List<Member> changed = new ArrayList<>(members.size());
            Instant now = now();
            for (Member member : members) {
                Optional<Member> existing = member(connection, member.id());
                Member result;
                if (existing.isPresent()) {
                    Map<String, Object> attributes = new HashMap<>(existing.get().attributes());
                    attributes.putAll(member.attributes());
                    if (attributes.equals(existing.get().attributes())) {
                        continue;
                    }
                    result = new Member(member.id(), attributes, existing.get().consent(), existing.get().created(), now);
                } else {
                    result = new Member(member.id(), member.attributes(), member.consent(), now, now);
                }
                upsertMember(connection, result, existing.isPresent());
                changed.add(result);
            }
            return changed;
        }, changed -> {
            if (!changed.isEmpty()) {
                feed.publish(listener -> listener.membersChanged(changed));
            }
        });
    }

    private static Optional<Member> member(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + Rows.MEMBER_COLUMNS + " FROM members WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Rows.member(row)) : Optional.empty();
            }
        }
    }

    private static void upsertMember(Connection connection, Member member, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE members SET attributes = ?, consent_email = ?, consent_sms = ?, consent_push = ?, "
                        + "consent_profiling = ?, created_at = ?, updated_at = ? WHERE id = ?"
                : "INSERT INTO members (attributes, consent_email, consent_sms, consent_push, consent_profiling, "
                        + "created_at, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, Rows.json(member.attributes()));
            statement.setBoolean(2, member.consent().marketingEmail());
            statement.setBoolean(3, member.consent().marketingSms());
            statement.setBoolean(4, member.consent().marketingPush());
            statement.setBoolean(5, member.consent().profiling());
            statement.setLong(6, member.created().toEpochMilli());
            statement.setLong(7, member.updated().toEpochMilli());
            statement.setString(8, member.id());
            statement.executeUpdate();
        }
    }

    // --- items -------------------------------------------------------------------------------

    @Override
    public Optional<Item> item(String id) {
        Item cached = itemRows.get(id);
        return cached != null ? Optional.of(cached) : items(List.of(id)).stream().findFirst();
    }

    @Override
    public List<Item> items(Collection<String> ids) {
        List<Item> found = new ArrayList<>(ids.size());
        List<String> missing = new ArrayList<>();
        for (String id : ids instanceof java.util.Set ? ids : new java.util.LinkedHashSet<>(ids)) {
            Item cached = itemRows.get(id);
            if (cached != null) {
                found.add(cached);
            } else {
                missing.add(id);
            }
        }
        for (int from = 0; from < missing.size(); from += 500) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            long stamp = itemRows.stamp();
            for (Item item : query("SELECT " + Rows.ITEM_COLUMNS + " FROM items WHERE id IN (" + marks + ")",
                    new ArrayList<>(chunk), Rows::item)) {
                itemRows.offer(item.id(), item, stamp);
                found.add(item);
            }
        }
        return found;
    }

    @Override
    public void putItems(List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        write(itemRows, items.stream().map(Item::id).toList(), connection -> {
            Instant now = now();
            List<Item> stored = new ArrayList<>(items.size());
            try (PreparedStatement update = connection.prepareStatement("UPDATE items SET title = ?, description = ?, "
                    + "categories = ?, price = ?, currency = ?, attributes = ?, available = ?, updated_at = ? WHERE id = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO items (title, description, "
                            + "categories, price, currency, attributes, available, updated_at, id) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Item item : items) {
                    Item result = new Item(item.id(), item.title(), item.description(), item.categories(), item.price(),
                            item.currency(), item.attributes(), item.available(), now);
                    bindItem(update, result);
                    if (update.executeUpdate() == 0) {
                        bindItem(insert, result);
                        insert.executeUpdate();
                    }
                    stored.add(result);
                }
            }
            return stored;
        }, stored -> feed.publish(listener -> listener.itemsChanged(stored)));
    }

    private static void bindItem(PreparedStatement statement, Item item) throws SQLException {
        statement.setString(1, item.title());
        statement.setString(2, item.description());
        statement.setString(3, Rows.json(item.categories()));
        Rows.setDecimal(statement, 4, item.price());
        statement.setString(5, item.currency());
        statement.setString(6, Rows.json(item.attributes()));
        statement.setBoolean(7, item.available());
        statement.setLong(8, item.updated().toEpochMilli());
        statement.setString(9, item.id());
    }

    // --- events ------------------------------------------------------------------------------

    /** What an append committed: the members and item stubs it created, the events that were new. */
    private record Appended(List<Member> members, List<Item> stubs, List<Event> events) {
    }

    @Override
    public AppendResult append(List<Event> events, Consent newMembers) {
        if (events.isEmpty()) {
            return new AppendResult(0, 0);
        }
        Appended appended = write(histories, events.stream().map(Event::memberId).distinct().toList(), connection -> {
            List<Member> members = createMembers(connection, events, newMembers);
            List<Item> stubs = createStubs(connection, events);
            List<Event> inserted = new ArrayList<>(events.size());
            try (PreparedStatement insert = connection.prepareStatement(dialect.insertEventUnlessPresent)) {
                for (Event event : events) {
                    Rows.bind(insert, event);
                    if (dialect.idBoundTwice) {
                        insert.setString(10, event.id());
                    }
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > 0) {
                        inserted.add(events.get(i));
                    }
                }
            }
            return new Appended(members, stubs, inserted);
        }, done -> {
            // Members and items first: whoever hears of the events already knows who and what they name.
            if (!done.members().isEmpty()) {
                feed.publish(listener -> listener.membersChanged(done.members()));
            }
            if (!done.stubs().isEmpty()) {
                feed.publish(listener -> listener.itemsChanged(done.stubs()));
            }
            if (!done.events().isEmpty()) {
                feed.publish(listener -> listener.eventsAppended(done.events()));
            }
        });
        return new AppendResult(appended.events().size(), events.size() - appended.events().size());
    }

    /** Creates the members the events name that are not stored yet (under the writer lock: no one else writes). */
    private List<Member> createMembers(Connection connection, List<Event> events, Consent consent) throws SQLException {
        List<String> unknown = missing(connection, "members", events.stream().map(Event::memberId).distinct().toList());
        List<Member> created = new ArrayList<>(unknown.size());
        Instant now = now();
        for (String id : unknown) {
            Member member = new Member(id, Map.of(), consent, now, now);
            upsertMember(connection, member, false);
            created.add(member);
        }
        return created;
    }

    /** Creates a stub for every item the events name that is not stored yet. */
    private List<Item> createStubs(Connection connection, List<Event> events) throws SQLException {
        List<String> named = new ArrayList<>();
        for (String id : events.stream().map(Event::itemId).filter(java.util.Objects::nonNull).distinct().toList()) {
            if (itemRows.get(id) == null) { // a cached row is a stored item
                named.add(id);
            }
        }
        List<String> unknown = missing(connection, "items", named);
        if (unknown.isEmpty()) {
            return List.of();
        }
        Instant now = now();
        List<Item> stubs = new ArrayList<>(unknown.size());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO items (title, description, categories, "
                + "price, currency, attributes, available, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (String id : unknown) {
                Item stub = Item.stub(id);
                stub = new Item(id, stub.title(), stub.description(), stub.categories(), stub.price(), stub.currency(),
                        stub.attributes(), stub.available(), now);
                bindItem(insert, stub);
                insert.addBatch();
                stubs.add(stub);
            }
            insert.executeBatch();
        }
        return stubs;
    }

    /** Those of {@code ids} that {@code table} has no row for, in the given order. */
    private static List<String> missing(Connection connection, String table, List<String> ids) throws SQLException {
        java.util.Set<String> found = new java.util.HashSet<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + table + " WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!found.contains(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    @Override
    public List<Event> events(String memberId) {
        List<Event> cached = histories.get(memberId);
        if (cached != null) {
            return cached;
        }
        long stamp = histories.stamp();
        List<Event> history = List.copyOf(query("SELECT " + Rows.EVENT_COLUMNS + " FROM events WHERE member_id = ? ORDER BY ts, seq",
                List.of(memberId), Rows::event));
        histories.offer(memberId, history, stamp);
        return history;
    }

    @Override
    public void scanEvents(Consumer<Event> consumer) {
        scan("SELECT " + Rows.EVENT_COLUMNS + " FROM events ORDER BY ts, seq", Rows::event, consumer);
    }

    @Override
    public void scanItems(Consumer<Item> consumer) {
        scan("SELECT " + Rows.ITEM_COLUMNS + " FROM items ORDER BY id", Rows::item, consumer);
    }

    @Override
    public void scanMembers(Consumer<Member> consumer) {
        scan("SELECT " + Rows.MEMBER_COLUMNS + " FROM members ORDER BY id", Rows::member, consumer);
    }

    @Override
    public StoreCounts counts() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            long members = count(statement, "SELECT COUNT(*) FROM members");
            long items = count(statement, "SELECT COUNT(*) FROM items");
            Map<String, Long> byType = new LinkedHashMap<>();
            long events = 0;
            try (ResultSet rows = statement.executeQuery("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY type")) {
                while (rows.next()) {
                    byType.put(rows.getString(1).toLowerCase(), rows.getLong(2));
                    events += rows.getLong(2);
                }
            }
            return new StoreCounts(members, items, events, byType);
        } catch (SQLException e) {
            throw new StoreException("counting failed", e);
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    // --- privacy -----------------------------------------------------------------------------

    @Override
    public Optional<MemberExport> export(String memberId) {
        Optional<Member> member = member(memberId);
        List<Event> events = events(memberId);
        try {
            feed.await(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, Object> derived = new LinkedHashMap<>();
        for (StoreListener listener : feed.listeners()) {
            try {
                derived.putAll(listener.exportMember(memberId));
            } catch (RuntimeException e) {
                LOG.error("{} could not export member data", ChangeFeed.name(listener), e);
                derived.put(ChangeFeed.name(listener), "export failed: " + e.getMessage());
            }
        }
        if (member.isEmpty() && events.isEmpty() && derived.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MemberExport(member.orElse(null), events, derived));
    }

    @Override
    public boolean erase(String memberId) {
        List<List<CompletableFuture<Void>>> notified = new ArrayList<>();
        int deleted = write(histories, List.of(memberId), connection -> {
            int rows = 0;
            try (PreparedStatement events = connection.prepareStatement("DELETE FROM events WHERE member_id = ?");
                    PreparedStatement member = connection.prepareStatement("DELETE FROM members WHERE id = ?")) {
                events.setString(1, memberId);
                rows += events.executeUpdate();
                member.setString(1, memberId);
                rows += member.executeUpdate();
            }
            return rows;
        }, rows -> notified.add(feed.publish(listener -> listener.memberErased(memberId))));
        try {
            if (!ChangeFeed.await(notified.get(0), eraseTimeout)) {
                LOG.warn("erasing member {}: not every listener confirmed within {} s", memberId, eraseTimeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("erased member {} ({} rows)", memberId, deleted);
        return deleted > 0;
    }

    @Override
    public boolean awaitListeners(Duration timeout) throws InterruptedException {
        return feed.await(timeout);
    }

    // --- plumbing ----------------------------------------------------------------------------

    /** Now, at the millisecond precision the database keeps. */
    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction under the writer lock, then, still under the lock (so
     * listeners hear commits in commit order), announces the committed result.
     */
    private <T> T write(Work<T> work, Consumer<T> announce) {
        return write(null, List.of(), work, announce);
    }

    /** The same, for a write of rows that {@code cache} may hold under {@code keys}. */
    private <T> T write(RowCache<?> cache, List<String> keys, Work<T> work, Consumer<T> announce) {
        writer.lock();
        boolean told = false;
        if (cache != null) {
            cache.changed(keys);
        }
        try {
            T result;
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    result = work.run(connection);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("write failed: " + e.getMessage(), e);
            }
            // Before the listeners hear of it: one that reads the rows back must get the committed ones.
            if (cache != null) {
                cache.changed(keys);
                told = true;
            }
            announce.accept(result);
            return result;
        } finally {
            if (cache != null && !told) {
                cache.changed(keys); // a failed write: rows read meanwhile are not kept either
            }
            writer.unlock();
        }
    }

    private <T> List<T> query(String sql, List<Object> parameters, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage(), e);
        }
    }

    /** Streams a large result: a cursor in its own read-only transaction (PostgreSQL needs both). */
    private <T> void scan(String sql, RowMapper<T> mapper, Consumer<T> consumer) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(SCAN_FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        consumer.accept(mapper.map(rows));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("scan failed: " + e.getMessage(), e);
        }
    }
}
