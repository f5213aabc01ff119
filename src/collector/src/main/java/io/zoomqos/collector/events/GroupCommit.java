package io.zoomqos.collector.events;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit of received events, answered only after their commit: each request waits in a
 * bounded queue (events and bytes; a full queue refuses at once with {@code refusal}, so the
 * sender retries later), a writer commits everything queued in one batch (at most
 * {@code writers} batches in flight, at most {@code maxBatch} events each), and every request
 * completes with its own result once its batch committed. While a commit is in flight newly
 * arriving events wait and go together in the next batch, so batches grow with the load.
 *
 * <p>A batch PostgreSQL rejects for its data ({@link #isDataError}) is split in halves and each
 * half retried in its own transaction, so one bad event fails alone and its neighbours are
 * stored; any other failure (connection lost, commit timeout) fails the whole batch as
 * unavailable. The webhook and QSS ingestors both commit this way.
 *
 * @param <E> an event as queued
 * @param <R> what a request is answered with
 */
public final class GroupCommit<E, R> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Writes a batch in one transaction; emits one result per event, in the batch's order, after the commit. */
    @FunctionalInterface
    public interface BatchWriter<E, R> {
        Mono<List<R>> write(List<E> batch);
    }

    /**
     * Limits and names.
     *
     * @param capacity events waiting at most
     * @param maxQueuedBytes bytes waiting at most, as {@code sizeOf} counts them
     * @param maxBatch events per transaction
     * @param writers batches in flight at once
     * @param commitTimeout a batch not committed by then fails as unavailable
     * @param meterPrefix e.g. {@code qos.webhooks}: {@code .batch.size} and {@code .batch.duration}
     */
    public record Limits(int capacity, long maxQueuedBytes, int maxBatch, int writers, Duration commitTimeout,
                         String meterPrefix) {
    }

    /** What a failed request gets: {@code dataError} true when the database rejected its data. */
    @FunctionalInterface
    public interface Failures {
        RuntimeException failure(Throwable cause, boolean dataError);
    }

    private record Pending<E, R>(E event, Sinks.One<R> sink, int bytes) {
    }

    private final Limits limits;
    private final BatchWriter<E, R> writer;
    private final ToIntFunction<E> sizeOf;
    private final Function<String, RuntimeException> refusal;
    private final Failures failures;
    private final DistributionSummary batchSizes;
    private final Timer batchTimes;
    private final Queue<Pending<E, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger writing = new AtomicInteger();

    public GroupCommit(Limits limits, BatchWriter<E, R> writer, ToIntFunction<E> sizeOf,
                       Function<String, RuntimeException> refusal, Failures failures, MeterRegistry meters) {
        this.limits = limits;
        this.writer = writer;
        this.sizeOf = sizeOf;
        this.refusal = refusal;
        this.failures = failures;
        this.batchSizes = DistributionSummary.builder(limits.meterPrefix() + ".batch.size")
                .description("events committed per transaction (group commit)").register(meters);
        this.batchTimes = Timer.builder(limits.meterPrefix() + ".batch.duration")
                .description("time to write and commit one batch").register(meters);
    }

    /** Completes with the event's result after its transaction committed. */
    public Mono<R> submit(E event) {
        return Mono.defer(() -> {
            Mono<R> result = enqueue(event);
            drain();
            return result;
        });
    }

    /**
     * Queues all events before a writer looks, so they share a batch unless a commit is already
     * in flight (then they share the next one). Each element answers one event.
     */
    public List<Mono<R>> submitAll(List<E> events) {
        List<Mono<R>> results = events.stream().map(this::enqueue).toList();
        drain();
        return results;
    }

    /** Events waiting for a commit. */
    public int queued() {
        return queued.get();
    }

    private Mono<R> enqueue(E event) {
        int bytes = sizeOf.applyAsInt(event);
        // Non-short-circuit "|": both counters are raised, so both are lowered on refusal.
        if (queued.incrementAndGet() > limits.capacity() | queuedBytes.addAndGet(bytes) > limits.maxQueuedBytes()) {
            queued.decrementAndGet();
            queuedBytes.addAndGet(-bytes);
            return Mono.error(refusal.apply("queue is full"));
        }
        Sinks.One<R> sink = Sinks.one();
        queue.add(new Pending<>(event, sink, bytes));
        return sink.asMono();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int inFlight = writing.get();
            if (inFlight >= limits.writers()) {
                return; // a finishing writer drains again
            }
            if (!writing.compareAndSet(inFlight, inFlight + 1)) {
                continue;
            }
            List<Pending<E, R>> batch = new ArrayList<>(Math.min(limits.maxBatch(), Math.max(1, queued.get())));
            Pending<E, R> p;
            while (batch.size() < limits.maxBatch() && (p = queue.poll()) != null) {
                batch.add(p);
                queued.decrementAndGet();
                queuedBytes.addAndGet(-p.bytes());
            }
            if (batch.isEmpty()) {
                writing.decrementAndGet();
                continue;
            }
            batchSizes.record(batch.size());
            long started = System.nanoTime();
            writeIsolating(batch)
                    .doFinally(signal -> {
                        batchTimes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        writing.decrementAndGet();
                        drain();
                    })
                    .subscribe();
        }
    }

    /** Commits the batch and answers every request of it; on a data error retries the halves. Never fails itself. */
    private Mono<Void> writeIsolating(List<Pending<E, R>> batch) {
        return writer.write(batch.stream().map(Pending::event).toList())
                .timeout(limits.commitTimeout())
                .doOnNext(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).sink().tryEmitValue(results.get(i));
                    }
                })
                .then()
                .onErrorResume(error -> {
                    boolean dataError = isDataError(error);
                    if (dataError && batch.size() > 1) {
                        int half = batch.size() / 2;
                        log.warn("{} batch rejected by the database, isolating size={} sqlState={}", limits.meterPrefix(),
                                batch.size(), sqlState(error));
                        return writeIsolating(batch.subList(0, half)).then(writeIsolating(batch.subList(half, batch.size())));
                    }
                    RuntimeException failure = failures.failure(error, dataError);
                    batch.forEach(p -> p.sink().tryEmitError(failure));
                    return Mono.empty();
                });
    }

    /**
     * PostgreSQL answered that the rows are wrong, as opposed to the connection or server failing:
     * class 22 data exception (e.g. a NUL character in text, a value too long for its column),
     * class 23 integrity violation, and 54000 program_limit_exceeded, which is what a value too
     * large for its index entry gets ("index row requires 40064 bytes"). Each of these is some
     * event's own fault; isolating the batch finds which.
     */
    public static boolean isDataError(Throwable error) {
        String state = sqlState(error);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("54000"));
    }

    /** The SQLState PostgreSQL answered with, found through Spring's exception translation; null if none. */
    public static @Nullable String sqlState(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof R2dbcException r) {
                return r.getSqlState();
            }
        }
        return null;
    }
}
