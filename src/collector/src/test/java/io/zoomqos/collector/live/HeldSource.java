package io.zoomqos.collector.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An in-memory replay source standing in for the store's samples: rows "committed" by
 * {@link #commit}, queried in seq order. {@link #hold()} makes the next query wait, after it was
 * entered, until {@link #release()}: the replay can then be caught in the middle, deterministically.
 */
final class HeldSource implements FeedStream.Source, SampleReplay {

    private final List<FeedEvent> rows = new CopyOnWriteArrayList<>();
    private volatile Sinks.Empty<Void> gate;
    private final Sinks.One<Boolean> entered = Sinks.one();

    void commit(FeedEvent e) {
        rows.add(e);
    }

    void hold() {
        gate = Sinks.empty();
    }

    void release() {
        gate.tryEmitEmpty();
    }

    /** Completes once a held query is waiting at the gate. */
    Mono<Boolean> entered() {
        return entered.asMono();
    }

    @Override
    public Flux<FeedEvent> after(long seq, FeedFilter filter, int limit) {
        Sinks.Empty<Void> g = gate;
        // The rows are read when the gate opens, like a query that runs after the held moment.
        Flux<FeedEvent> query = Flux.defer(() -> Flux.fromIterable(List.copyOf(rows))
                .filter(e -> e.seq() > seq && filter.matches(e))
                .sort((a, b) -> Long.compare(a.seq(), b.seq()))
                .take(limit));
        if (g == null) {
            return query;
        }
        return Mono.fromRunnable(() -> entered.tryEmitValue(true)).then(g.asMono()).thenMany(query);
    }

    @Override
    public Mono<Long> latest() {
        return Mono.fromSupplier(() -> rows.stream().mapToLong(FeedEvent::seq).max().orElse(0));
    }

    @Override
    public Flux<FeedEvent> samplesAfter(long afterSeq, FeedFilter filter, int limit) {
        return after(afterSeq, filter, limit);
    }

    @Override
    public Mono<Long> latestSeq() {
        return latest();
    }
}
