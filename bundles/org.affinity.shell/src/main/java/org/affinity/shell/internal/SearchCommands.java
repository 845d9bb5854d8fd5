package org.affinity.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.affinity.api.job.Job;
import org.affinity.api.search.CatalogHit;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.search.SearchFilter;
import org.affinity.api.search.SearchStatus;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:search, affinity:similar, affinity:reindex - semantic search over the catalogue. */
@Component(service = SearchCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=search",
        "osgi.command.function=similar",
        "osgi.command.function=reindex"})
public class SearchCommands {

    private final CatalogSearch search;

    @Activate
    public SearchCommands(@Reference CatalogSearch search) {
        this.search = search;
    }

    @Descriptor("the catalogue items whose text means most nearly the words given, e.g. affinity:search christmas lights")
    public void search(
            @Descriptor("how many items") @Parameter(names = {"-n", "--n"}, absentValue = "10") int n,
            @Descriptor("only available items") @Parameter(names = {"-a", "--available"}, presentValue = "true",
                    absentValue = "false") boolean available,
            @Descriptor("words to search for") String... words) {
        if (words.length == 0) {
            throw new IllegalArgumentException("say what to search for, e.g. affinity:search christmas lights");
        }
        print(search.search(String.join(" ", words), n, available ? SearchFilter.availableOnly() : SearchFilter.ANY), System.out);
    }

    @Descriptor("the 10 catalogue items most like an item")
    public void similar(
            @Descriptor("only available items") @Parameter(names = {"-a", "--available"}, presentValue = "true",
                    absentValue = "false") boolean available,
            @Descriptor("item id") String itemId) {
        similar(available, itemId, 10);
    }

    @Descriptor("the n catalogue items most like an item")
    public void similar(
            @Descriptor("only available items") @Parameter(names = {"-a", "--available"}, presentValue = "true",
                    absentValue = "false") boolean available,
            @Descriptor("item id") String itemId,
            @Descriptor("how many items") int n) {
        print(search.similar(itemId, n, available ? SearchFilter.availableOnly() : SearchFilter.ANY), System.out);
    }

    @Descriptor("re-embed every catalogue item with the active model as a job and watch its progress")
    public void reindex(
            @Descriptor("start the job and return without watching it")
            @Parameter(names = {"-b", "--background"}, presentValue = "true", absentValue = "false") boolean background,
            @Descriptor("only show the state of the item index: model, items indexed and in the store, changes waiting")
            @Parameter(names = {"-s", "--status"}, presentValue = "true", absentValue = "false") boolean status)
            throws InterruptedException {
        if (status) {
            SearchStatus now = search.status();
            System.out.printf("%s, model %s: %,d of %,d items indexed, %,d changes waiting%s%n", now.state(), now.modelId(),
                    now.indexed(), now.items(), now.pending(), now.job() == null ? "" : ", job " + now.job());
            return;
        }
        Job job = search.reindex();
        if (background) {
            System.out.println("started " + job.id() + ": watch it with affinity:jobs watch " + job.id());
            return;
        }
        JobsCommand.watch(job, System.out, true);
    }

    static void print(List<CatalogHit> hits, PrintStream out) {
        if (hits.isEmpty()) {
            out.println("no items found");
        }
        for (CatalogHit hit : hits) {
            out.printf("%.3f  %-12s %s%s%s%n", hit.score(), hit.itemId(), hit.title(),
                    hit.price() == null ? "" : "  " + hit.price().toPlainString() + (hit.currency() == null ? "" : " " + hit.currency()),
                    hit.available() ? "" : "  (not available)");
        }
    }
}
