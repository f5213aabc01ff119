package io.zoomqos.collector.polling;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(MeetingSignals.class);
    private static final Duration SPIN_LIMIT = Duration.ofMillis(2);

    private final Sinks.Many<MeetingSignal> sink = Sinks.many().multicast().onBackpressureBuffer(10_000, false);

    /**
     * Thread-safe: a publisher that races another retries, spinning at most 2 ms (the other
     * emission takes microseconds; this may run on an event loop). Never throws and
     * never terminates the bus: a signal that finds the buffer full is dropped and logged, since
     * the planner's periodic reload from PostgreSQL finds that meeting anyway.
     */
    public void publish(MeetingSignal signal) {
        long deadline = System.nanoTime() + SPIN_LIMIT.toNanos();
        Sinks.EmitResult result;
        while ((result = sink.tryEmitNext(signal)) == Sinks.EmitResult.FAIL_NON_SERIALIZED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (result.isFailure()) {
            log.warn("meeting signal dropped account={} meeting={} kind={} result={}", signal.accountId(),
                    signal.meetingUuid(), signal.kind(), result);
        }
    }

    public Flux<MeetingSignal> flux() {
        return sink.asFlux();
    }
}
