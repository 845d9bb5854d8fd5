package org.affinity.api.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The system of record. A write that returns is durable (committed and synced); after the commit
 * every {@link StoreListener} is told about it, in commit order.
 */
@ProviderType
public interface Store {

    Optional<Member> member(String id);

    /** Inserts or replaces a member (attributes and consent); returns it as stored. */
    Member putMember(Member member);

    /**
     * Creates the members that do not exist yet; for existing ones adds or overrides the given
     * attributes and leaves their consent alone (imports that only know e.g. a country).
     */
    void mergeMembers(List<Member> members);

    Optional<Item> item(String id);

    /** The items that exist among {@code ids}, in no particular order. */
    List<Item> items(Collection<String> ids);

    /** Inserts or replaces items in one transaction. */
    void putItems(List<Item> items);

    /**
     * Appends events in one transaction. Events whose id is already stored are duplicates: they
     * are counted, not stored again, and not announced again. Members and items the events name
     * that the store has not seen are created as {@link #append(List, Consent)} does, members
     * without consent ({@link Consent#NONE}).
     */
    default AppendResult append(List<Event> events) {
        return append(events, Consent.NONE);
    }

    /**
     * Appends events as {@link #append(List)} does and, in the same transaction, creates the members
     * and items they name that the store has not seen: each such member with {@code newMembers}
     * consent and no attributes, each such item as a {@linkplain Item#stub stub}, which a later
     * {@link #putItems} replaces with the real item. Existing members and items are left alone.
     * Listeners hear of the new members and stubs before they hear of the events.
     *
     * @param newMembers the consent of members created here
     * @since 1.1
     */
    AppendResult append(List<Event> events, Consent newMembers);

    /** A member's events, oldest first. */
    List<Event> events(String memberId);

    /** Every event in timestamp order (ties by insertion), streamed without holding them all. */
    void scanEvents(Consumer<Event> consumer);

    void scanItems(Consumer<Item> consumer);

    void scanMembers(Consumer<Member> consumer);

    StoreCounts counts();

    /** Everything held about a member, or empty when unknown. */
    Optional<MemberExport> export(String memberId);

    /**
     * Erases a member and every event of theirs, then tells every listener to drop what it
     * derived, and returns once they all did (or a timeout passed, which is logged). Returns false
     * when the member was unknown and had no events.
     */
    boolean erase(String memberId);

    /** Waits until every listener has processed every change committed so far (tests, tools). */
    boolean awaitListeners(java.time.Duration timeout) throws InterruptedException;
}
