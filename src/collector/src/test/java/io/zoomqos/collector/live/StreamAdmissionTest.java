package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class StreamAdmissionTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubscriberLimits limits = new SubscriberLimits(2);
    private final ReplayGate replays = new ReplayGate(1, Duration.ofSeconds(60), 10_000, Schedulers.parallel(), meters);
    private final StreamAdmission admission = new StreamAdmission(limits, replays, Duration.ofSeconds(7), meters);

    private StreamAdmission.Decision admit(String client, boolean resuming) {
        return admission.admit(Mono.just(client), resuming).block();
    }

    @Test
    void oneClientPastItsLimitGets429WithRetryAfterWhileOthersAreServed() {
        StreamAdmission.Decision first = admit("a", false);
        assertThat(admit("a", false)).isInstanceOf(StreamAdmission.Admitted.class);

        StreamAdmission.Decision third = admit("a", false);
        assertThat(third).isInstanceOfSatisfying(StreamAdmission.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
        assertThat(admit("b", false)).isInstanceOf(StreamAdmission.Admitted.class);

        ((StreamAdmission.Admitted) first).release();
        ((StreamAdmission.Admitted) first).release(); // twice is harmless
        assertThat(limits.open("a")).isEqualTo(1);
        assertThat(admit("a", false)).isInstanceOf(StreamAdmission.Admitted.class);
    }

    @Test
    void replaysPastTheInstanceLimitGet503AndHoldNoPlace() {
        StreamAdmission.Decision running = admit("a", true);
        assertThat(running).isInstanceOf(StreamAdmission.Admitted.class);

        assertThat(admit("b", true)).isInstanceOfSatisfying(StreamAdmission.Refused.class,
                r -> assertThat(r.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThat(limits.open("b")).as("a refused replay keeps no connection place").isZero();
        assertThat(admit("b", false)).as("a fresh stream needs no replay").isInstanceOf(StreamAdmission.Admitted.class);
        assertThat(meters.counter("qos.sse.refused", "reason", "replays-busy").count()).isEqualTo(1.0);

        ((StreamAdmission.Admitted) running).release();
        assertThat(admit("b", true)).isInstanceOf(StreamAdmission.Admitted.class);
    }
}
