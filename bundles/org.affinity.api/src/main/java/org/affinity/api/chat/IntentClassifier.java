package org.affinity.api.chat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.affinity.api.ingest.RejectedException;
import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Understands what a message asks for: named intent sets, each trained from labelled utterances and
 * kept until retrained or deleted. A better classifier replaces this one by registering with a
 * higher service ranking.
 */
@ConsumerType
public interface IntentClassifier {

    /** The set every shop has: customer-service intents (orders, delivery, refunds, accounts, ...). */
    String DEFAULT_SET = "shop";

    /** Longest text classified, in characters; longer texts are refused. */
    int MAX_TEXT = 2_000;

    /** Every set, trained or training, by name. */
    List<IntentSet> sets();

    Optional<IntentSet> set(String name);

    /**
     * Reads labelled examples: CSV with a header naming {@code text} and {@code intent} columns, or
     * NDJSON with one {@code {"text", "intent"}} object per line.
     *
     * @param format "csv" or "ndjson"
     * @throws RejectedException naming every bad line (1-based, counting a CSV header)
     */
    List<IntentExample> read(InputStream in, String format) throws IOException;

    /**
     * Trains (or retrains) a set as a job: examples are checked first, then a held-out 20% measures
     * the model, then the final model is fit on everything and replaces the set's previous one. Until
     * the job succeeds, the previous model (if any) keeps answering; a failed or cancelled job leaves
     * it untouched. The job's result is the set's {@link IntentMetrics}.
     *
     * @throws RejectedException when examples are unusable (empty or too long texts, an intent with
     *         fewer than two examples, fewer than two intents, a bad set name); nothing is trained
     */
    Job train(String set, List<IntentExample> examples);

    /** Deletes a set and its model; false when there was none. */
    boolean delete(String set);

    /**
     * Classifies one text.
     *
     * @throws NoSuchElementException when the set is unknown or has no usable model yet (its first
     *         training runs, or it is {@code stale} and retraining)
     * @throws IllegalArgumentException when the text is blank or longer than {@link #MAX_TEXT}
     * @throws IllegalStateException when an embedding model the set needs is not available now (its
     *         bundle stopped, or a switch is under way): a retry may succeed
     */
    IntentPrediction classify(String set, String text);

    /** Classifies many texts; same order and size as {@code texts}; throws as {@link #classify} does. */
    List<IntentPrediction> classifyAll(String set, List<String> texts);
}
