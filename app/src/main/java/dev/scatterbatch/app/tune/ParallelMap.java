package dev.scatterbatch.app.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Applies a function to items on several threads and returns the results in item order, so the outcome is the
 * same however the threads interleave (as long as the function is deterministic and thread-safe).
 */
public final class ParallelMap {

    private ParallelMap() {
    }

    /**
     * {@code fn} of every item, in item order.
     *
     * @param threads at most this many items at once (1 runs them one by one on the caller's thread)
     * @param onEach  hears each finished item (from any thread): progress
     * @throws RuntimeException the failure of the first item (in item order) that failed; the rest are cancelled
     */
    public static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> fn, int threads, Runnable onEach) {
        if (threads <= 1 || items.size() <= 1) {
            List<R> out = new ArrayList<>();
            for (T item : items) {
                out.add(fn.apply(item));
                onEach.run();
            }
            return out;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()))) {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    R r = fn.apply(item);
                    onEach.run();
                    return r;
                }));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
