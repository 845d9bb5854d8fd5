package org.affinity.ingest.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.affinity.api.event.Event;
import org.affinity.api.ingest.IngestRecord;
import org.affinity.api.ingest.IngestResult;
import org.affinity.api.ingest.Ingestion;
import org.affinity.api.ingest.Rejection;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Records from the API: validated one by one, the valid ones stored in one transaction. Events
 * create the members and items the store has not seen (members with the configured consent).
 */
@Component(service = Ingestion.class, configurationPid = RecordIngestion.PID)
@Designate(ocd = IngestConfig.class)
public class RecordIngestion implements Ingestion {

    static final String PID = "org.affinity.ingest";

    private final Store store;
    private final Records records = new Records(ZoneOffset.UTC);
    private volatile Consent newMembers;

    @Activate
    public RecordIngestion(@Reference Store store, IngestConfig config) {
        this.store = store;
        this.newMembers = FirstSight.consent(config.newMemberConsent());
    }

    @Modified
    void modified(IngestConfig config) {
        newMembers = FirstSight.consent(config.newMemberConsent());
    }

    @Override
    public IngestResult events(List<IngestRecord> batch) {
        Instant now = Instant.now();
        Parsed<Event> parsed = parse(batch, values -> records.event(values, now));
        AppendResult result = store.append(parsed.valid, newMembers);
        return new IngestResult(result.appended(), result.duplicates(), parsed.rejections);
    }

    @Override
    public IngestResult items(List<IngestRecord> batch) {
        Instant now = Instant.now();
        Parsed<Item> parsed = parse(batch, values -> records.item(values, null, now));
        store.putItems(parsed.valid);
        return new IngestResult(parsed.valid.size(), 0, parsed.rejections);
    }

    @Override
    public IngestResult members(List<IngestRecord> batch) {
        Instant now = Instant.now();
        Parsed<Member> parsed = parse(batch, values -> records.member(values, null, now));
        parsed.valid.forEach(store::putMember);
        return new IngestResult(parsed.valid.size(), 0, parsed.rejections);
    }

    static <T> Parsed<T> parse(List<IngestRecord> batch, Function<java.util.Map<String, Object>, T> parser) {
        Parsed<T> parsed = new Parsed<>();
        for (IngestRecord record : batch) {
            try {
                parsed.valid.add(parser.apply(Records.withoutNulls(record.fields())));
            } catch (Invalid e) {
                parsed.rejections.add(new Rejection(record.line(), e.field, e.getMessage()));
            }
        }
        return parsed;
    }

    static final class Parsed<T> {
        final List<T> valid = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();
    }
}
