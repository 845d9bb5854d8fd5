package org.affinity.profile.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where item and text vectors come from: the items collection and the shared embedding model. */
interface VectorSource {

    /** The model whose space the vectors are in, or null when no model is available now. */
    String modelId();

    /** Vectors of the given items (those it could find or embed), keyed by item id. */
    Map<String, float[]> items(Collection<String> itemIds, Catalogue catalogue);

    /** Vectors of texts, same order and size. */
    List<float[]> texts(List<String> texts);
}
