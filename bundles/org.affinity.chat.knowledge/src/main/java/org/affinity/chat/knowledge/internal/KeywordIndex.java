package org.affinity.chat.knowledge.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

import org.affinity.api.chat.Article;

/**
 * BM25 over the passages of every article, in memory: the articles on disk are the truth and a
 * rebuild from them takes milliseconds, so there is nothing to keep in step on disk. Each passage is
 * indexed with its article's title and section heading, so a question naming the topic finds the
 * passages under it. Writes are visible to the next search once {@link #refresh} returned.
 */
final class KeywordIndex implements Closeable {

    private static final String ID = "id";
    private static final String ARTICLE = "article";
    private static final String LANGUAGE = "language";
    private static final String TEXT = "text";
    /** More unique terms than any question has; a pasted essay is cut here rather than refused. */
    private static final int MAX_TERMS = 256;

    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    KeywordIndex(TextAnalyzer.Options options) {
        try {
            analyzer = new TextAnalyzer(options);
            writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig(analyzer));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the in-memory keyword index", e);
        }
    }

    /** Replaces the passages of an article (call {@link #refresh} to make it visible). */
    void replace(Article article, List<Passage> passages) {
        try {
            writer.deleteDocuments(new Term(ARTICLE, article.id()));
            for (Passage passage : passages) {
                Document document = new Document();
                document.add(new StringField(ID, passage.id(), Field.Store.YES));
                document.add(new StringField(ARTICLE, article.id(), Field.Store.YES));
                document.add(new StringField(LANGUAGE, article.language(), Field.Store.NO));
                document.add(new TextField(TEXT, passage.context(article.title()), Field.Store.NO));
                writer.addDocument(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String articleId) {
        try {
            writer.deleteDocuments(new Term(ARTICLE, articleId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The k passages that match the query's words best, best first; none when no word matches. */
    List<PassageScore> search(String query, String language, int k) {
        Set<String> terms = terms(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        for (String term : terms) {
            words.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(words.build(), BooleanClause.Occur.MUST);
        if (language != null) {
            builder.add(new TermQuery(new Term(LANGUAGE, language)), BooleanClause.Occur.FILTER);
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<PassageScore> hits = new ArrayList<>();
                for (ScoreDoc hit : searcher.search(builder.build(), k).scoreDocs) {
                    Document document = searcher.storedFields().document(hit.doc);
                    hits.add(new PassageScore(document.get(ID), document.get(ARTICLE), hit.score));
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query's distinct terms after analysis (stems, bigrams), at most {@value #MAX_TERMS}. */
    Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms.size() < MAX_TERMS) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
