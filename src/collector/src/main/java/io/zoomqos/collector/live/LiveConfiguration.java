package io.zoomqos.collector.live;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

    /**
     * The sample replay is the store's; until one is there (or in slices without the store) the
     * feed replays its own events only. Resolved lazily, so bean order does not matter.
     */
    @Bean
    FeedStream feedStream(QosFeed feed, ObjectProvider<SampleReplay> sampleReplay, LiveEventLog events,
                          ReplayDatabase replayDatabase, LiveProperties properties, ObjectMapper mapper,
                          MeterRegistry meters) {
        FeedStream.Source samples = new FeedStream.Source() {
            @Override
            public reactor.core.publisher.Flux<FeedEvent> after(long seq, FeedFilter filter, int limit) {
                return sampleReplay.getIfAvailable(() -> SampleReplay.NONE).samplesAfter(seq, filter, limit);
            }

            @Override
            public reactor.core.publisher.Mono<Long> latest() {
                return sampleReplay.getIfAvailable(() -> SampleReplay.NONE).latestSeq();
            }
        };
        return new FeedStream(feed, samples, eventSource(events, replayDatabase.client()), properties,
                new FeedCodec(mapper), Schedulers.parallel(), meters);
    }

    static FeedStream.Source eventSource(LiveEventLog events) {
        return new FeedStream.Source() {
            @Override
            public reactor.core.publisher.Flux<FeedEvent> after(long seq, FeedFilter filter, int limit) {
                return events.eventsAfter(seq, filter, limit);
            }

            @Override
            public reactor.core.publisher.Mono<Long> latest() {
                return events.latestId();
            }
        };
    }

    /** The event log read through the feed's own pool, never the writers'. */
    static FeedStream.Source eventSource(LiveEventLog events, DatabaseClient reader) {
        return new FeedStream.Source() {
            @Override
            public reactor.core.publisher.Flux<FeedEvent> after(long seq, FeedFilter filter, int limit) {
                return events.eventsAfter(reader, seq, filter, limit);
            }

            @Override
            public reactor.core.publisher.Mono<Long> latest() {
                return events.latestId(reader);
            }
        };
    }

    @Bean
    Watchers watchers() {
        return new Watchers();
    }

    /** Per-client and replay limits of the SSE stream; the web layer names the client. */
    @Bean
    StreamAdmission streamAdmission(StreamLimitProperties limits, MeterRegistry meters) {
        return new StreamAdmission(new SubscriberLimits(limits.perClient()),
                new ReplayGate(limits.replayConcurrency(), limits.replayTimeout(), limits.replayRowsPerSecond(),
                        Schedulers.parallel(), meters), limits.retryAfter(), meters);
    }
}
