package org.affinity.reco.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;

/**
 * Calls a strategy with a deadline, so one that hangs (a lock, a slow database, a bug) costs a
 * request its time budget instead of holding it forever. A call past its deadline is abandoned,
 * not interrupted: interrupting a thread inside a store's file channel can close the channel for
 * everyone. Abandoned calls are counted per strategy until they return; while a strategy has too
 * many, it is skipped at once, which bounds the threads a hung strategy can hold.
 */
final class StrategyCalls implements AutoCloseable {

    /** The strategy did not answer in time, or is skipped because earlier calls still hang. */
    static final class Late extends Exception {
        private static final long serialVersionUID = 1L;

        Late(String message) {
            super(message, null, false, false);
        }
    }

    private final ThreadPoolExecutor threads;
    private final Map<String, AtomicInteger> abandoned = new ConcurrentHashMap<>();

    StrategyCalls() {
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "affinity-strategy-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param timeoutMillis 0 calls on the caller's thread without a deadline
     * @param abandonedLimit skip the strategy while this many of its calls are still running past their deadline
     */
    List<Recommendation> call(String name, Recommender recommender, RecommendationRequest request, long timeoutMillis,
            int abandonedLimit) throws Exception {
        if (timeoutMillis <= 0) {
            return recommender.recommend(request);
        }
        AtomicInteger hanging = abandoned.computeIfAbsent(name, n -> new AtomicInteger());
        int still = hanging.get();
        if (still >= abandonedLimit) {
            throw new Late("skipped: " + still + " earlier calls still running past " + timeoutMillis + " ms");
        }
        CompletableFuture<List<Recommendation>> answer = CompletableFuture.supplyAsync(() -> recommender.recommend(request), threads);
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            hanging.incrementAndGet();
            answer.whenComplete((items, failure) -> hanging.decrementAndGet());
            throw new Late("timed out after " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Calls of this strategy now running past their deadline. */
    int abandoned(String name) {
        AtomicInteger hanging = abandoned.get(name);
        return hanging == null ? 0 : hanging.get();
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
