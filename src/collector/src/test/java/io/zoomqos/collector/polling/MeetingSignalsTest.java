package io.zoomqos.collector.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class MeetingSignalsTest {

    @Test
    void concurrentPublishersOnNonBlockingThreadsLoseNothingAndNeverBlock() {
        MeetingSignals signals = new MeetingSignals();
        List<MeetingSignal> received = new CopyOnWriteArrayList<>();
        signals.flux().subscribe(received::add);
        int perPublisher = 2_000;

        // Two publishers racing on parallel (non-blocking, BlockHound-guarded) threads.
        StepVerifier.create(Flux.range(0, 2)
                        .parallel(2).runOn(Schedulers.parallel())
                        .doOnNext(p -> {
                            for (int i = 0; i < perPublisher; i++) {
                                signals.publish(new MeetingSignal("acct", "m-" + p + "-" + i, i,
                                        MeetingSignal.Kind.STARTED, Instant.EPOCH));
                            }
                        })
                        .sequential())
                .expectNextCount(2)
                .expectComplete()
                .verify(Duration.ofSeconds(30));

        assertThat(received).hasSize(2 * perPublisher);
    }
}
