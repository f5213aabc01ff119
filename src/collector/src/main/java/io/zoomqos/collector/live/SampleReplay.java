package io.zoomqos.collector.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The committed samples, read back by their store sequence: implemented by the store, so the
 * live feed can resume a subscriber from PostgreSQL. Until a store bean exists the feed uses
 * {@link #NONE}.
 */
public interface SampleReplay {

    /**
     * SAMPLE events with {@code seq > afterSeq} that pass {@code filter} (see {@link FeedFilter}
     * for the rules), in ascending {@code seq} order, at most {@code limit} of them. Only rows
     * committed when the query runs.
     */
    Flux<FeedEvent> samplesAfter(long afterSeq, FeedFilter filter, int limit);

    /** The highest sequence committed now (0 when none): where a fresh subscriber starts. */
    Mono<Long> latestSeq();

    SampleReplay NONE = new SampleReplay() {
        @Override
        public Flux<FeedEvent> samplesAfter(long afterSeq, FeedFilter filter, int limit) {
            return Flux.empty();
        }

        @Override
        public Mono<Long> latestSeq() {
            return Mono.just(0L);
        }
    };
}
