package org.affinity.shell.internal;

import java.io.PrintStream;

import org.affinity.api.event.Event;
import org.affinity.api.member.Member;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** affinity:members, affinity:member, affinity:erase, affinity:export - the store's members. */
@Component(service = MemberCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=members",
        "osgi.command.function=member",
        "osgi.command.function=erase",
        "osgi.command.function=export"})
public class MemberCommands {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Store store;

    @Activate
    public MemberCommands(@Reference Store store) {
        this.store = store;
    }

    @Descriptor("how many members, items and events the store holds")
    public void members() {
        StoreCounts counts = store.counts();
        System.out.printf("%,d members, %,d items, %,d events %s%n", counts.members(), counts.items(), counts.events(),
                counts.eventsByType());
    }

    @Descriptor("show a member: attributes, consent and latest events")
    public void member(@Descriptor("member id") String id) {
        PrintStream out = System.out;
        Member member = store.member(id).orElseThrow(() -> new IllegalArgumentException("no member '" + id + "'"));
        out.printf("member %s %s consent %s%n", member.id(), member.attributes(), member.consent());
        java.util.List<Event> events = store.events(id);
        out.printf("%,d events%n", events.size());
        events.stream().skip(Math.max(0, events.size() - 10)).forEach(event -> out.printf("  %s %-8s %s x%d %s%n",
                event.timestamp(), event.type().wireName(), event.itemId(), event.quantity(),
                event.price() == null ? "" : event.price()));
    }

    @Descriptor("erase a member, their events and everything derived from them (right to erasure)")
    public void erase(@Descriptor("member id") String id) {
        System.out.println(store.erase(id) ? "erased " + id + " everywhere" : "no member '" + id + "' in the store");
    }

    @Descriptor("print everything held about a member as JSON (right of access)")
    public void export(@Descriptor("member id") String id) throws JsonProcessingException {
        MemberExport export = store.export(id).orElseThrow(() -> new IllegalArgumentException("nothing is held about '" + id + "'"));
        System.out.println(JSON.writeValueAsString(export));
    }
}
