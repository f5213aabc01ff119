package io.zoomqos.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Guards the guard: if BlockHound stopped being installed, every non-blocking claim would be untested. */
class BlockHoundInstalledTest {

    @Test
    void blockingOnANonBlockingThreadFailsTheTest() {
        Mono<String> parker = Mono.fromCallable(() -> {
            LockSupport.parkNanos(1_000);
            return "parked";
        }).subscribeOn(Schedulers.parallel());

        StepVerifier.create(parker)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class))
                .verify(Duration.ofSeconds(10));
    }
}
