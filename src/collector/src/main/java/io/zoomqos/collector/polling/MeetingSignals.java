package io.zoomqos.collector.polling;

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

    private final Sinks.Many<MeetingSignal> sink = Sinks.many().multicast().onBackpressureBuffer(10_000, false);

    /**
     * Thread-safe: publishers take turns on this object's monitor (a sink fails, rather than
     * waits, when two threads emit at once; a spin-retry dropped signals on a busy 2-core machine
     * and counts as blocking where it parks). The emission only queues and hands the signal to
     * the subscriber, so the turn is short. Never throws and never terminates the bus: a signal
     * that finds the buffer full is dropped and logged, since the planner's periodic reload from
     * PostgreSQL finds that meeting anyway.
     */
    public void publish(MeetingSignal signal) {
        Sinks.EmitResult result;
        synchronized (this) {
            result = sink.tryEmitNext(signal);
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
