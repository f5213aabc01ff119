package io.zoomqos.collector.polling;

import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The in-process bus of {@link MeetingSignal}s. Webhook handling publishes after its commit; the
 * planner subscribes. Signals are a hint, not the record: the planner also reloads live and
 * unswept meetings from PostgreSQL, so a signal missed during a restart costs nothing.
 */
@Component
public class MeetingSignals {

    // Buffers until the first subscriber arrives (start-up order must not lose signals), bounded
    // so a bus nobody reads cannot grow without limit.
    private final Sinks.Many<MeetingSignal> sink = Sinks.many().multicast().onBackpressureBuffer(10_000, false);

    /** Thread-safe: concurrent publishers are serialised by retrying the sink's non-serialised failure. */
    public void publish(MeetingSignal signal) {
        sink.emitNext(signal, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
    }

    public Flux<MeetingSignal> flux() {
        return sink.asFlux();
    }
}
