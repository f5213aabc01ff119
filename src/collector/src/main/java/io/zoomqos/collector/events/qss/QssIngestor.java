package io.zoomqos.collector.events.qss;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.events.GroupCommit;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.polling.FeedPublisher;
import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.store.Pseudonyms;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.store.Summaries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Stores QSS events by group commit ({@link GroupCommit}, as webhooks are): each request waits in
 * a bounded queue, a writer commits everything queued in one batch (at most {@code writers}
 * batches in flight), and the request completes only after its samples are committed. A full
 * queue refuses at once ({@link QssOverloadedException}: 503, Zoom redelivers); a batch the
 * database rejects for its data is split in halves until the bad event fails alone.
 *
 * <p>Summary events are rare (one per participant) and go one by one: the participant's Zoom
 * summary is kept and our summaries are recomputed from the stored minutes.
 */
public final class QssIngestor {

    private static final Logger log = LoggerFactory.getLogger(QssIngestor.class);

    private final QssStore store;
    private final MeetingSignals signals;
    private final FeedPublisher feed;
    private final Summaries summaries;
    private final Pseudonyms pseudonyms;
    private final Counter discovered;
    private final GroupCommit<QssEvent, ZoomEventSink.Outcome> commits;

    QssIngestor(QssStore store, MeetingSignals signals, FeedPublisher feed, Summaries summaries, Pseudonyms pseudonyms,
                QssProperties properties, MeterRegistry meters) {
        this.store = store;
        this.signals = signals;
        this.feed = feed;
        this.summaries = summaries;
        this.pseudonyms = pseudonyms;
        this.discovered = Counter.builder("qos.meetings.discovered").tag("by", "qss")
                .description("meetings first known from something other than meeting.started").register(meters);
        this.commits = new GroupCommit<>(
                new GroupCommit.Limits(properties.queueCapacity(), Long.MAX_VALUE, properties.maxBatchSize(),
                        properties.writers(), properties.commitTimeout(), "qos.qss"),
                this::write,
                event -> 0, // bounded by count: each event is at most one webhook body
                reason -> new QssOverloadedException(),
                (error, dataError) -> {
                    log.warn("qss batch not stored error={}", error.toString());
                    return dataError ? new QssUnreadableException("the database rejected the event's data")
                            : new QssOverloadedException(error);
                },
                meters);
    }

    /** Completes with STORED (or DUPLICATE when every minute was stored before) after the commit. */
    public Mono<ZoomEventSink.Outcome> submit(QssEvent received) {
        // From here on only what may be stored: pseudonyms in that mode.
        QssEvent event = received.pseudonymized(pseudonyms);
        if (event.summary()) {
            return summary(event);
        }
        // The writer answers a whole batch from the database connection's event loop; each
        // request's own continuation (response rendering, metrics) runs on a parallel worker so
        // that loop goes straight back to the other connections' conversations.
        return commits.submit(event).publishOn(Schedulers.parallel());
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

    /** One transaction for the batch; an outcome per event, in order, once it committed. */
    private Mono<List<ZoomEventSink.Outcome>> write(List<QssEvent> batch) {
        return store.write(batch).map(written -> {
            publish(written.started());
            Set<List<Object>> fresh = new HashSet<>();
            written.samples().forEach(s -> fresh.add(List.of(s.sample().meetingUuid(), s.sample().participantKey(),
                    s.sample().minute())));
            List<ZoomEventSink.Outcome> outcomes = batch.stream()
                    .map(e -> e.samples().isEmpty() || e.samples().stream().anyMatch(s -> fresh.contains(
                            List.of(s.meetingUuid(), s.participantKey(), s.minute())))
                            ? ZoomEventSink.Outcome.STORED : ZoomEventSink.Outcome.DUPLICATE)
                    .toList();
            // The samples are committed: the feed's trouble never turns them into a failure, and
            // its alert commits (the live event log's own group commit) do not hold this writer's
            // slot; that log's queue is bounded and refuses (logged) when full.
            feedByAccount(batch, written).subscribe();
            return outcomes;
        });
    }

    private Mono<Void> feedByAccount(List<QssEvent> batch, QssStore.Written written) {
        if (written.samples().isEmpty()) {
            return Mono.empty();
        }
        // A batch nearly always holds one account; the feed event names it per sample.
        Map<String, String> accountOf = new HashMap<>();
        batch.forEach(e -> accountOf.put(e.meetingUuid(), e.accountId()));
        Map<String, List<StoredSample>> byAccount = new TreeMap<>();
        written.samples().forEach(s -> byAccount.computeIfAbsent(accountOf.get(s.sample().meetingUuid()), a -> new ArrayList<>()).add(s));
        return Flux.fromIterable(byAccount.entrySet())
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
}
