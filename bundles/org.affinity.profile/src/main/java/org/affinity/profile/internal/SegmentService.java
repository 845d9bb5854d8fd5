package org.affinity.profile.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.affinity.api.segment.Segment;
import org.affinity.api.segment.Segments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Segments service over the profiles: the eleven RFM segments built in, rule segments (an
 * expression over profile fields, see {@link Rule}) and lookalike segments (see {@link Lookalike}),
 * their members kept current as profiles change. User-defined segments are saved with the profiles.
 */
@Component(service = Segments.class)
public class SegmentService implements Segments {

    private final ProfileEngine engine;

    @Activate
    public SegmentService(@Reference ProfileService profiles) {
        this.engine = profiles.engine();
    }

    @Override
    public List<Segment> list() {
        return engine.segments.list();
    }

    @Override
    public Optional<Segment> get(String id) {
        return engine.segments.get(id);
    }

    @Override
    public Segment define(String id, String name, Segment.Kind kind, String definition) {
        Segment segment = engine.segments.define(id, name, kind, definition, engine.book());
        engine.save();
        return segment;
    }

    @Override
    public boolean remove(String id) {
        boolean removed = engine.segments.remove(id);
        if (removed) {
            engine.save();
        }
        return removed;
    }

    @Override
    public List<String> members(String id, int offset, int limit) {
        return engine.segments.members(id, offset, limit);
    }

    @Override
    public Set<String> segmentsOf(String memberId) {
        return engine.segments.segmentsOf(memberId);
    }
}
