package org.affinity.chat.intent.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.IntentSet;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.osgi.framework.BundleContext;
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
 * The {@link IntentClassifier} service. English text is read through the active embedding model
 * ({@code model.active=true}), Chinese through a model that reads Chinese ({@code model.languages=zh},
 * which this bundle asks for in its manifest, so the embedding service keeps one loaded while it runs).
 * Both references are dynamic: a switch of either makes the sets trained on the previous model
 * retrain from their stored examples. Sets live under {@code <affinity.data>/chat/intents}.
 */
@Component(service = IntentClassifier.class, configurationPid = IntentService.PID, immediate = true)
@Designate(ocd = IntentConfig.class)
public class IntentService implements IntentClassifier {

    static final String PID = "org.affinity.chat.intent";

    private volatile EmbeddingModel active;
    private volatile EmbeddingModel chinese;
    private volatile IntentSets sets;

    @Activate
    public IntentService(BundleContext context, IntentConfig config, @Reference Jobs jobs) {
        String data = context.getProperty("affinity.data");
        Path folder = Path.of(data == null || data.isBlank() ? "var" : data, "chat", "intents");
        ShippedData shipped = new ShippedData(path -> open(context, path));
        sets = new IntentSets(new SetFolder(folder), jobs, shipped, this::model, Recipe.SHIPPED, IntentSettings.of(config));
    }

    @Activate
    void activate() {
        sets.start();
    }

    @Modified
    void modified(IntentConfig config) {
        sets.settings(IntentSettings.of(config));
    }

    @Deactivate
    void deactivate() {
        sets.close();
    }

    private static InputStream open(BundleContext context, String path) throws IOException {
        URL entry = context.getBundle().getEntry(path);
        if (entry == null) {
            throw new FileNotFoundException(path + " is not in bundle " + context.getBundle().getSymbolicName());
        }
        return entry.openStream();
    }

    /** The model that reads a language now: Chinese has its own, everything else reads through the active one. */
    EmbeddingModel model(String language) {
        return Language.CHINESE.equals(language) ? chinese : active;
    }

    @Reference(name = "active", target = "(" + EmbeddingModel.ACTIVE + "=true)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindActive(EmbeddingModel model) {
        active = model;
        changed();
    }

    void unbindActive(EmbeddingModel model) {
        if (active == model) {
            active = null;
        }
    }

    @Reference(name = "chinese", target = "(model.languages=zh)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindChinese(EmbeddingModel model) {
        chinese = model;
        changed();
    }

    void unbindChinese(EmbeddingModel model) {
        if (chinese == model) {
            chinese = null;
        }
    }

    private void changed() {
        IntentSets current = sets;
        if (current != null) {
            current.modelsChanged();
        }
    }

    @Override
    public List<IntentSet> sets() {
        return sets.sets();
    }

    @Override
    public Optional<IntentSet> set(String name) {
        return sets.set(name);
    }

    @Override
    public List<IntentExample> read(InputStream in, String format) throws IOException {
        return ExampleFiles.read(in, format);
    }

    @Override
    public Job train(String set, List<IntentExample> examples) {
        return sets.train(set, examples, "asked for");
    }

    @Override
    public boolean delete(String set) {
        try {
            return sets.delete(set);
        } catch (IOException e) {
            throw new UncheckedIOException("intent set '" + set + "' could not be deleted", e);
        }
    }

    @Override
    public IntentPrediction classify(String set, String text) {
        return sets.classify(set, text);
    }

    @Override
    public List<IntentPrediction> classifyAll(String set, List<String> texts) {
        return sets.classifyAll(set, texts);
    }
}
