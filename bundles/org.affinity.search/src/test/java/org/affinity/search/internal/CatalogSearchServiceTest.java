package org.affinity.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.affinity.api.search.SearchFilter;
import org.affinity.api.search.SearchStatus;
import org.affinity.api.search.SearchUnavailableException;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component as SCR drives it: construct, bind the model, activate; erasure; unbind; deactivate. */
class CatalogSearchServiceTest {

    @TempDir
    Path dir;

    @Test
    void anErasureLeavesTheCatalogueAsItIsAndALostModelMakesSearchUnavailable() throws Exception {
        MemoryStore store = new MemoryStore();
        store.putItems(List.of(ItemIndexTest.item("mug", "Red Spotty Mug", "", "Kitchen", "2", true),
                ItemIndexTest.item("tree", "Christmas Tree", "", "Seasonal", "9", true)));
        LuceneVectorIndex vectors = new LuceneVectorIndex(dir, Tuning.defaults());
        try (ThreadJobs jobs = new ThreadJobs()) {
            CatalogSearchService service = new CatalogSearchService(store, vectors, jobs, config(Map.of("maxResults", 5)));
            WordModel model = new WordModel("words", 32);
            service.bindModel(model);
            service.activate();
            awaitReady(service);
            assertEquals("mug", service.search("mug", 1, SearchFilter.ANY).get(0).itemId());

            service.memberErased("anyone");
            assertEquals(Map.of(), service.exportMember("anyone"));
            assertEquals(2, service.status().indexed());
            assertThrows(IllegalArgumentException.class, () -> service.search("mug", 6, null), "maxResults from the configuration");

            store.listen(service);
            store.putItems(List.of(ItemIndexTest.item("lamp", "Paper Lantern", "", "Home", "5", true)));
            awaitReady(service);
            assertEquals("lamp", service.similar("tree", 2, null).stream().filter(hit -> hit.itemId().equals("lamp"))
                    .findFirst().orElseThrow().itemId());

            service.unbindModel(model);
            assertThrows(SearchUnavailableException.class, () -> service.search("mug", 1, null));
            assertEquals(SearchStatus.State.NO_MODEL, service.status().state());
            service.deactivate();
        } finally {
            vectors.close();
        }
    }

    private static void awaitReady(CatalogSearchService service) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (service.status().state() != SearchStatus.State.READY) {
            assertTrue(System.nanoTime() < end, "ready within 20 s: " + service.status());
            Thread.sleep(20);
        }
    }

    /** A SearchConfig as DS makes it: the metatype defaults, overridden by {@code values}. */
    static SearchConfig config(Map<String, Object> values) {
        return (SearchConfig) Proxy.newProxyInstance(SearchConfig.class.getClassLoader(), new Class<?>[] {SearchConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return SearchConfig.class;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "SearchConfig" + values : method.invoke(values, args);
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
