package org.affinity.search.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.affinity.api.embedding.ModelUnavailableException;
import org.affinity.api.item.Item;
import org.affinity.api.search.CatalogHit;
import org.affinity.api.search.SearchFilter;
import org.affinity.api.search.SearchUnavailableException;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;

/**
 * Answers searches: nearest vectors with the index's filters (category, availability) applied
 * inside the graph search, then each hit checked against the item as the store holds it now (a
 * change may still wait to be indexed; a price bound is checked only here). When checks reject
 * hits, it asks the index again for more.
 */
final class CatalogQueries {

    /** The most candidates one search asks the index for. */
    private static final int MOST_CANDIDATES = 5000;

    private final ItemIndex index;

    CatalogQueries(ItemIndex index) {
        this.index = index;
    }

    List<CatalogHit> search(String text, int n, SearchFilter filter) {
        checkN(n);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the search text must not be blank");
        }
        ItemIndex.Target target = index.target();
        return nearest(target, embed(target, text.strip()), n, filter, Set.of());
    }

    List<CatalogHit> similar(String itemId, int n, SearchFilter filter) {
        checkN(n);
        Objects.requireNonNull(itemId, "itemId");
        Item item = index.store().item(itemId).orElseThrow(() -> new NoSuchElementException("no item '" + itemId + "'"));
        ItemIndex.Target target = index.target();
        Optional<VectorEntry> entry = target.collection().get(itemId);
        // Not indexed yet (just stored): embed it here rather than make the caller wait.
        float[] vector = entry.isPresent() ? entry.get().vector() : embed(target, ItemVectors.text(item));
        return nearest(target, vector, n, filter, Set.of(itemId));
    }

    private List<CatalogHit> nearest(ItemIndex.Target target, float[] vector, int n, SearchFilter filter, Set<String> exclude) {
        SearchFilter accept = filter == null ? SearchFilter.ANY : filter;
        Map<String, Set<String>> terms = ItemVectors.indexFilter(accept);
        int k = accept.hasPriceBounds() ? n * 4 : n + 5;
        while (true) {
            List<VectorHit> hits;
            try {
                hits = target.collection().search(new VectorQuery(vector, k, terms, exclude));
            } catch (IllegalStateException e) {   // the collection was replaced by a catch-up for a new model
                throw new SearchUnavailableException("the item index is being rebuilt: try again shortly");
            }
            List<CatalogHit> found = check(target, hits, accept, n);
            if (found.size() >= n || hits.size() < k || k >= MOST_CANDIDATES) {
                return found;
            }
            k = Math.min(MOST_CANDIDATES, k * 4);
        }
    }

    /** The hits whose items, as stored now, pass the filter; vectors of items the store lost are dropped. */
    private List<CatalogHit> check(ItemIndex.Target target, List<VectorHit> hits, SearchFilter filter, int n) {
        List<String> ids = new ArrayList<>(hits.size());
        hits.forEach(hit -> ids.add(hit.id()));
        Map<String, Item> items = new HashMap<>();
        index.store().items(ids).forEach(item -> items.put(item.id(), item));
        List<CatalogHit> found = new ArrayList<>(n);
        for (VectorHit hit : hits) {
            Item item = items.get(hit.id());
            if (item == null) {
                index.forget(target.collection(), hit.id());
            } else if (ItemVectors.matches(item, filter) && found.size() < n) {
                found.add(new CatalogHit(item.id(), item.title(), hit.score(), item.categories(), item.price(), item.currency(),
                        item.available()));
            }
        }
        return found;
    }

    private static float[] embed(ItemIndex.Target target, String text) {
        try {
            return target.model().embed(text);
        } catch (ModelUnavailableException e) {
            throw new SearchUnavailableException("the embedding model was just switched: try again shortly");
        }
    }

    private void checkN(int n) {
        int most = index.currentSettings().maxResults();
        if (n < 1 || n > most) {
            throw new IllegalArgumentException("n must be between 1 and " + most + ", was " + n);
        }
    }
}
