package org.affinity.search.internal;

import java.util.List;
import java.util.Map;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.item.Item;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.search.CatalogHit;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.search.SearchFilter;
import org.affinity.api.search.SearchStatus;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.affinity.api.vector.VectorIndex;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The catalogue search service. It hears every item change from the store (a StoreListener) and
 * follows the active embedding model (dynamic, greedy: a switch re-embeds the catalogue); the
 * work is done by {@link ItemIndex}, the searches by {@link CatalogQueries}.
 */
@Component(service = {CatalogSearch.class, StoreListener.class}, configurationPid = "org.affinity.search", immediate = true)
@Designate(ocd = SearchConfig.class)
public class CatalogSearchService implements CatalogSearch, StoreListener {

    private final ItemIndex index;
    private final CatalogQueries queries;

    @Activate
    public CatalogSearchService(@Reference Store store, @Reference VectorIndex vectors, @Reference Jobs jobs,
            SearchConfig config) {
        this.index = new ItemIndex(store, vectors, jobs, Settings.of(config));
        this.queries = new CatalogQueries(index);
    }

    /** Bound after construction and before activation, then whenever the active model changes. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + EmbeddingModel.ACTIVE + "=true)")
    void bindModel(EmbeddingModel model) {
        index.model(model);
    }

    void unbindModel(EmbeddingModel model) {
        index.modelGone(model);
    }

    @Activate
    void activate() {
        index.start();
    }

    @Modified
    void modified(SearchConfig config) {
        index.settings(Settings.of(config));
    }

    @Deactivate
    void deactivate() {
        index.close();
    }

    @Override
    public List<CatalogHit> similar(String itemId, int n, SearchFilter filter) {
        return queries.similar(itemId, n, filter);
    }

    @Override
    public List<CatalogHit> search(String text, int n, SearchFilter filter) {
        return queries.search(text, n, filter);
    }

    @Override
    public SearchStatus status() {
        return index.status();
    }

    @Override
    public Job reindex() {
        return index.reindex();
    }

    @Override
    public void itemsChanged(List<Item> items) {
        index.changed(items);
    }

    /** Items are not derived from members: an erasure leaves the catalogue as it is. */
    @Override
    public void memberErased(String memberId) {
    }

    @Override
    public Map<String, Object> exportMember(String memberId) {
        return Map.of();
    }
}
