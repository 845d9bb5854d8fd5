package org.affinity.chat.knowledge.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.affinity.api.chat.Article;
import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.Knowledge;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.Reembeddable;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.vector.VectorIndex;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Knowledge service. English (and any non-Chinese) articles are embedded by the shop's active
 * model, Chinese ones by the Chinese model, which this bundle asks the embedding service to load
 * (its manifest requires a model with languages=zh; with a Chinese active model both references
 * get the same service). Both references are dynamic and greedy: a model switch re-embeds that
 * collection, and without a model searches answer from keywords alone. A configuration change
 * restarts the component (reading a few dozen files again takes milliseconds).
 */
@Component(service = {Knowledge.class, Reembeddable.class}, configurationPid = "org.affinity.chat.knowledge", immediate = true)
@Designate(ocd = KnowledgeConfig.class)
public class KnowledgeService implements Knowledge, Reembeddable {

    private final BundleContext context;
    private final KnowledgeBase base;
    private final AtomicBoolean loading = new AtomicBoolean();
    private volatile FrameworkListener whenStarted;

    @Activate
    public KnowledgeService(BundleContext context, @Reference VectorIndex vectors, @Reference Jobs jobs,
            KnowledgeConfig config) {
        this.context = context;
        String data = context.getProperty("affinity.data");
        this.base = new KnowledgeBase(vectors, jobs, Settings.of(config, Path.of(data == null || data.isBlank() ? "var" : data)));
    }

    /** Bound after construction and before activation, then whenever the active model changes. */
    @Reference(name = "activeModel", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + EmbeddingModel.ACTIVE + "=true)")
    void bindActiveModel(EmbeddingModel model) {
        base.activeModel(model);
    }

    void unbindActiveModel(EmbeddingModel model) {
        base.activeModelGone(model);
    }

    @Reference(name = "chineseModel", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(model.languages=zh)")
    void bindChineseModel(EmbeddingModel model) {
        base.chineseModel(model);
    }

    void unbindChineseModel(EmbeddingModel model) {
        base.chineseModelGone(model);
    }

    /**
     * Reads the articles once the framework has started (at once when it has already, as after a
     * bundle update or a feature install): the first use of Lucene and the first embedding of the
     * passages cost seconds of CPU, which a platform start on two busy cores should not share.
     * Calls made before then wait for the articles.
     */
    @Activate
    void activate() {
        if (context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.ACTIVE) {
            load();
            return;
        }
        FrameworkListener started = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                load();
            }
        };
        whenStarted = started;
        context.addFrameworkListener(started);
        if (context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.ACTIVE) {
            load();   // it started between the check and the listener
        }
    }

    private void load() {
        if (loading.compareAndSet(false, true)) {
            base.startInBackground(() -> DefaultArticles.of(context.getBundle()));
        }
    }

    @Deactivate
    void deactivate() {
        FrameworkListener started = whenStarted;
        if (started != null) {
            try {
                context.removeFrameworkListener(started);
            } catch (IllegalStateException stopping) {
                // the bundle context is gone already
            }
        }
        base.close();
    }

    @Override
    public List<Article> articles() {
        return base.articles();
    }

    @Override
    public Optional<Article> article(String id) {
        return base.article(id);
    }

    @Override
    public Article parse(String id, String markdown) {
        return ArticleMarkdown.parse(id, markdown, null);
    }

    @Override
    public Article put(Article article) {
        return base.put(article);
    }

    @Override
    public List<Article> putAll(List<Article> articles) {
        return base.putAll(articles);
    }

    @Override
    public boolean delete(String id) {
        return base.delete(id);
    }

    @Override
    public List<ArticleHit> search(String query, String language, String intent, int count) {
        return base.search(query, language, intent, count);
    }

    @Override
    public String collection() {
        return KnowledgeBase.ACTIVE_COLLECTION;
    }

    @Override
    public Job reembed() {
        return base.reembed();
    }
}
