package org.affinity.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.affinity.api.embedding.EmbeddingModels;
import org.affinity.api.embedding.ModelInfo;
import org.affinity.api.embedding.Reembeddable;
import org.affinity.api.job.Job;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorIndex;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * affinity:model - the installed embedding models, which one is active, and switching it through
 * its configuration (PID {@value #PID}), so the change is the same one config:edit or a .cfg makes.
 */
@Component(service = ModelCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=model"})
public class ModelCommand {

    static final String PID = "org.affinity.embedding";
    private static final long SWITCH_WAIT_MILLIS = 60_000;

    private final EmbeddingModels models;
    private final ConfigurationAdmin configurations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile VectorIndex vectors;

    /** Owners of model-made vectors (search's items, profiles' members, ...), whichever are installed. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Reembeddable> owners;

    @Activate
    public ModelCommand(@Reference EmbeddingModels models, @Reference ConfigurationAdmin configurations) {
        this.models = models;
        this.configurations = configurations;
    }

    @Descriptor("list the installed embedding models: * marks the configured one, (active) the one serving now")
    public void model() {
        list(System.out);
    }

    @Descriptor("model list | model use <id> | model collections | model reembed [collection...]; "
            + "e.g. affinity:model use all-minilm-l6-v2, then affinity:model reembed")
    public void model(@Descriptor("list | use | collections | reembed") String action,
            @Descriptor("model id (use) or collection names (reembed; default: those made by another model)")
            String... ids)
            throws IOException, InterruptedException {
        switch (action) {
            case "list":
                list(System.out);
                break;
            case "use":
                if (ids.length != 1) {
                    throw new IllegalArgumentException("usage: affinity:model use <model id> (affinity:model list shows them)");
                }
                use(ids[0], System.out);
                break;
            case "collections":
                collections(System.out);
                break;
            case "reembed":
                reembed(List.of(ids), System.out);
                break;
            default:
                throw new IllegalArgumentException("unknown action '" + action
                        + "': use list, use, collections or reembed");
        }
    }

    void list(PrintStream out) {
        String configured = models.configured();
        String active = models.active().map(ModelInfo::id).orElse(null);
        List<ModelInfo> available = models.available();
        if (available.isEmpty()) {
            out.println("no embedding model installed (install a model bundle, e.g. feature affinity-model-minilm)");
        }
        for (ModelInfo model : available) {
            out.printf("%s %-22s %4d-d %-5s %-6s %-4s %-10s %s%s%n", model.id().equals(configured) ? "*" : " ",
                    model.id(), model.dimension(), model.precision(), String.join(",", model.languages()), model.pooling(),
                    model.license(), model.bundle(), model.id().equals(active) ? " (active)" : "");
        }
        if (available.stream().noneMatch(model -> model.id().equals(configured))) {
            out.printf("configured model '%s' is not installed: no embedding service until it is, or until "
                    + "affinity:model use <id> names an installed one%n", configured);
        } else if (active == null) {
            out.printf("'%s' is loading%n", configured);
        }
    }

    /** Writes the new model id into the configuration and waits until the service serves it. */
    void use(String id, PrintStream out) throws IOException, InterruptedException {
        if (models.available().stream().noneMatch(model -> model.id().equals(id))) {
            throw new IllegalArgumentException("no installed model '" + id + "'; installed: "
                    + models.available().stream().map(ModelInfo::id).toList());
        }
        long started = System.nanoTime();
        long deadline = started + SWITCH_WAIT_MILLIS * 1_000_000;
        long nextCheck = configure(id);
        Optional<ModelInfo> active = models.active();
        long activeAt = active.map(model -> model.id().equals(id)).orElse(false) ? System.nanoTime() : 0;
        // Wait until the model serves AND the configuration stuck: Karaf's File Install can write back the
        // etc/<pid>.cfg it read just before our update (two switches in quick succession), and a model that
        // was already loaded on demand becomes active at once, before such a write-back would show.
        while ((active.map(model -> !model.id().equals(id)).orElse(true) || System.nanoTime() < nextCheck)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            active = models.active();
            boolean serving = active.map(model -> model.id().equals(id)).orElse(false);
            activeAt = serving ? (activeAt == 0 ? System.nanoTime() : activeAt) : 0;
            if (System.nanoTime() > nextCheck && !id.equals(configuredModel())) {
                out.printf("the configuration was overwritten (model=%s); applying %s again%n", configuredModel(), id);
                nextCheck = configure(id);
            }
        }
        if (active.map(model -> model.id().equals(id)).orElse(false)) {
            out.printf("model %s active after %d ms; vectors of other models are not comparable: collections "
                    + "made by another model: affinity:model collections, re-embed them: affinity:model reembed%n", id,
                    (activeAt - started) / 1_000_000);
        } else {
            out.printf("configured %s; it is still loading after %d s (affinity:model list)%n", id,
                    SWITCH_WAIT_MILLIS / 1000);
        }
    }

    /** Sets the model property, keeping the others; returns when to check that it stuck. */
    private long configure(String id) throws IOException {
        Configuration configuration = configurations.getConfiguration(PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("model", id);
        configuration.update(properties);
        return System.nanoTime() + 3_000_000_000L;
    }

    private String configuredModel() throws IOException {
        Dictionary<String, Object> properties = configurations.getConfiguration(PID, "?").getProperties();
        Object model = properties == null ? null : properties.get("model");
        return model == null ? "" : model.toString();
    }

    /**
     * Starts the owners of the named collections (default: those whose vectors another model made)
     * re-embedding with the active model, and watches their jobs.
     */
    void reembed(List<String> names, PrintStream out) throws InterruptedException {
        List<Reembeddable> installed = owners == null ? List.of() : List.copyOf(owners);
        if (installed.isEmpty()) {
            out.println("nothing keeps re-embeddable vectors yet (capabilities such as search and profiles do)");
            return;
        }
        List<String> known = installed.stream().map(Reembeddable::collection).sorted().toList();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("no re-embeddable collection '" + name + "'; there are " + known);
            }
        }
        String active = models.active().map(ModelInfo::id).orElseThrow(
                () -> new IllegalStateException("no model is active (affinity:model list): nothing to embed with"));
        List<Reembeddable> chosen = installed.stream()
                .filter(owner -> names.isEmpty() ? !active.equals(modelOf(owner.collection())) : names.contains(owner.collection()))
                .toList();
        if (chosen.isEmpty()) {
            out.printf("every collection holds vectors of %s: nothing to re-embed (name one to force it: %s)%n", active, known);
            return;
        }
        List<Job> started = new ArrayList<>();
        for (Reembeddable owner : chosen) {
            Job job = owner.reembed();
            started.add(job);
            out.printf("%s re-embeds %s with %s (was %s)%n", job.id(), owner.collection(), active,
                    Optional.ofNullable(modelOf(owner.collection())).orElse("empty"));
        }
        for (Job job : started) {
            JobsCommand.watch(job, out, false);
        }
    }

    private String modelOf(String collection) {
        VectorIndex index = vectors;
        return index == null ? null : index.existing(collection).map(VectorCollection::modelId).orElse(null);
    }

    /** Which vector collections hold vectors of which model, so stale ones stand out after a switch. */
    void collections(PrintStream out) {
        VectorIndex index = vectors;
        if (index == null) {
            out.println("no vector index installed (feature affinity-vectors)");
            return;
        }
        String active = models.active().map(ModelInfo::id).orElse(models.configured());
        if (index.names().isEmpty()) {
            out.println("no vector collections yet");
        }
        for (String name : index.names()) {
            index.existing(name).ifPresent(collection -> out.printf("  %-20s %,10d vectors %4d-d %s%s%n", name,
                    collection.size(), collection.dimension(), collection.modelId(),
                    collection.modelId().equals(active) ? "" : "  (made by another model: affinity:model reembed)"));
        }
    }
}
