package org.affinity.store.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;

/** A store that forwards every call: extend it in a test to change one behaviour (a hook in a scan, a failure). */
public class ForwardingStore implements Store {

    private final Store store;

    public ForwardingStore(Store store) {
        this.store = store;
    }

    @Override
    public Optional<Member> member(String id) {
        return store.member(id);
    }

    @Override
    public Member putMember(Member member) {
        return store.putMember(member);
    }

    @Override
    public void mergeMembers(List<Member> members) {
        store.mergeMembers(members);
    }

    @Override
    public Optional<Item> item(String id) {
        return store.item(id);
    }

    @Override
    public List<Item> items(Collection<String> ids) {
        return store.items(ids);
    }

    @Override
    public void putItems(List<Item> items) {
        store.putItems(items);
    }

    @Override
    public AppendResult append(List<Event> events) {
        return store.append(events);
    }

    @Override
    public AppendResult append(List<Event> events, Consent newMembers) {
        return store.append(events, newMembers);
    }

    @Override
    public List<Event> events(String memberId) {
        return store.events(memberId);
    }

    @Override
    public void scanEvents(Consumer<Event> consumer) {
        store.scanEvents(consumer);
    }

    @Override
    public void scanItems(Consumer<Item> consumer) {
        store.scanItems(consumer);
    }

    @Override
    public void scanMembers(Consumer<Member> consumer) {
        store.scanMembers(consumer);
    }

    @Override
    public StoreCounts counts() {
        return store.counts();
    }

    @Override
    public Optional<MemberExport> export(String memberId) {
        return store.export(memberId);
    }

    @Override
    public boolean erase(String memberId) {
        return store.erase(memberId);
    }

    @Override
    public boolean awaitListeners(Duration timeout) throws InterruptedException {
        return store.awaitListeners(timeout);
    }
}
