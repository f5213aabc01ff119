package io.zoomqos.collector.events.qss;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.polling.FeedPublisher;
import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.store.Pseudonyms;
import io.zoomqos.collector.store.Summaries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Stores QSS events by group commit, as webhooks are: each request waits in a bounded queue,
 * a writer commits everything queued in one batch (at most {@code writers} batches in flight),
 * and the request completes only after its samples are committed. A full queue refuses at once
 * ({@link QssOverloadedException}: 503, Zoom redelivers); a batch the database rejects for its data
 * is split in halves until the bad event fails alone.
 *
 * <p>Summary events are rare (one per participant) and go one by one: the participant's Zoom
 * summary is kept and our summaries are recomputed from the stored minutes.
 */
public final class QssIngestor {

    private static final Logger log = LoggerFactory.getLogger(QssIngestor.class);

    private record Pending(QssEvent event, Sinks.One<ZoomEventSink.Outcome> sink) {
    }

    private final QssStore store;
    private final MeetingSignals signals;
    private final FeedPublisher feed;
    private final Summaries summaries;
    private final Pseudonyms pseudonyms;
    private final int capacity;
    private final int maxBatch;
    private final int writers;
    private final Duration commitTimeout;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger writing = new AtomicInteger();
    private final DistributionSummary batchSizes;
    private final Counter discovered;

    QssIngestor(QssStore store, MeetingSignals signals, FeedPublisher feed, Summaries summaries, Pseudonyms pseudonyms,
                int capacity, int maxBatch, int writers, Duration commitTimeout, MeterRegistry meters) {
        this.store = store;
        this.signals = signals;
        this.feed = feed;
        this.summaries = summaries;
        this.pseudonyms = pseudonyms;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.writers = writers;
        this.commitTimeout = commitTimeout;
        this.batchSizes = DistributionSummary.builder("qos.qss.batch.size")
                .description("QSS events committed per transaction (group commit)").register(meters);
        this.discovered = Counter.builder("qos.meetings.discovered").tag("by", "qss")
                .description("meetings first known from something other than meeting.started").register(meters);
    }

    /** Completes with STORED (or DUPLICATE when every minute was stored before) after the commit. */
    public Mono<ZoomEventSink.Outcome> submit(QssEvent received) {
        // From here on only what may be stored: pseudonyms in that mode.
        QssEvent event = received.pseudonymized(pseudonyms);
        if (event.summary()) {
            return summary(event);
        }
        return Mono.defer(() -> {
            if (queued.incrementAndGet() > capacity) {
                queued.decrementAndGet();
                return Mono.error(new QssOverloadedException());
            }
            Sinks.One<ZoomEventSink.Outcome> sink = Sinks.one();
            queue.add(new Pending(event, sink));
            drain();
            // The writer answers a whole batch from the database connection's event loop; each
            // request's own continuation (response rendering, metrics) runs on a parallel worker so
            // that loop goes straight back to the other connections' conversations.
            return sink.asMono().publishOn(Schedulers.parallel());
        });
    }

    private Mono<ZoomEventSink.Outcome> summary(QssEvent event) {
        return store.write(List.of(event))
                .flatMap(written -> {
                    publish(written.started());
                    return store.summary(event);
                })
                .then(summaries.recomputeParticipants(event.meetingUuid(), Set.of(event.participant().participantKey())))
                .then(feed.summariesChanged(event.accountId(), event.meetingUuid(), Set.of(event.participant().participantKey())))
                .thenReturn(ZoomEventSink.Outcome.STORED);
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int inFlight = writing.get();
            if (inFlight >= writers) {
                return; // a finishing writer drains again
            }
            if (!writing.compareAndSet(inFlight, inFlight + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while (batch.size() < maxBatch && (p = queue.poll()) != null) {
                batch.add(p);
                queued.decrementAndGet();
            }
            if (batch.isEmpty()) {
                writing.decrementAndGet();
                continue;
            }
            batchSizes.record(batch.size());
            write(batch).doFinally(s -> {
                writing.decrementAndGet();
                drain();
            }).subscribe();
        }
    }

    /** Commits the batch and answers every request of it; never fails itself. */
    private Mono<Void> write(List<Pending> batch) {
        return store.write(batch.stream().map(Pending::event).toList())
                .timeout(commitTimeout)
                .flatMap(written -> {
                    publish(written.started());
                    Set<Object> fresh = new java.util.HashSet<>();
                    written.samples().forEach(s -> fresh.add(List.of(s.sample().meetingUuid(), s.sample().participantKey(),
                            s.sample().minute())));
                    for (Pending p : batch) {
                        boolean any = p.event().samples().stream().anyMatch(s -> fresh.contains(
                                List.of(s.meetingUuid(), s.participantKey(), s.minute())));
                        p.sink().tryEmitValue(any || p.event().samples().isEmpty()
                                ? ZoomEventSink.Outcome.STORED : ZoomEventSink.Outcome.DUPLICATE);
                    }
                    // The samples are committed: the feed's trouble never turns them into a failure,
                    // and its alert commits (the live event log's own group commit) do not hold this
                    // writer's slot; that log's queue is bounded and refuses (logged) when full.
                    feedByAccount(batch, written).subscribe();
                    return Mono.<Void>empty();
                })
                .onErrorResume(error -> {
                    if (isDataError(error) && batch.size() > 1) {
                        int half = batch.size() / 2;
                        return write(batch.subList(0, half)).then(write(batch.subList(half, batch.size())));
                    }
                    log.warn("qss batch not stored size={} error={}", batch.size(), error.toString());
                    RuntimeException failure = isDataError(error)
                            ? new QssUnreadableException("the database rejected the event's data")
                            : new QssOverloadedException(error);
                    batch.forEach(p -> p.sink().tryEmitError(failure));
                    return Mono.empty();
                });
    }

    private Mono<Void> feedByAccount(List<Pending> batch, QssStore.Written written) {
        if (written.samples().isEmpty()) {
            return Mono.empty();
        }
        // A batch nearly always holds one account; the feed event names it per sample.
        java.util.Map<String, String> accountOf = new java.util.HashMap<>();
        batch.forEach(p -> accountOf.put(p.event().meetingUuid(), p.event().accountId()));
        java.util.Map<String, List<io.zoomqos.collector.store.StoredSample>> byAccount = new java.util.TreeMap<>();
        written.samples().forEach(s -> byAccount.computeIfAbsent(accountOf.get(s.sample().meetingUuid()), a -> new ArrayList<>()).add(s));
        return reactor.core.publisher.Flux.fromIterable(byAccount.entrySet())
                .concatMap(e -> feed.samplesStored(e.getKey(), e.getValue()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    private void publish(List<MeetingSignal> started) {
        for (MeetingSignal s : started) {
            discovered.increment();
            log.info("meeting discovered by qss account={} meeting={}", s.accountId(), s.meetingUuid());
            signals.publish(s);
        }
    }

    private static boolean isDataError(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof R2dbcException r && r.getSqlState() != null) {
                String state = r.getSqlState();
                return state.startsWith("22") || state.startsWith("23");
            }
        }
        return false;
    }
}
