package org.affinity.api.segment;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** Segments, kept current as profiles change. */
@ProviderType
public interface Segments {

    List<Segment> list();

    Optional<Segment> get(String id);

    /**
     * Defines (or redefines) a segment.
     *
     * @throws IllegalArgumentException when the definition is invalid, saying where and why
     */
    Segment define(String id, String name, Segment.Kind kind, String definition);

    boolean remove(String id);

    /** Members of a segment, ordered by id, for paging. */
    List<String> members(String id, int offset, int limit);

    /** The ids of the segments a member belongs to. */
    Set<String> segmentsOf(String memberId);
}
