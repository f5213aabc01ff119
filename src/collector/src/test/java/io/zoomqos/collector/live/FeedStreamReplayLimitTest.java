package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

class FeedStreamReplayLimitTest {

    private final QosFeed feed = new QosFeed(Schedulers.immediate());
    private final HeldSource samples = new HeldSource();
    private final HeldSource events = new HeldSource();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveProperties properties = new LiveProperties(Duration.ofSeconds(15), 8, 10, 3, 1_000,
            Duration.ofSeconds(2), Duration.ZERO, Duration.ofDays(7), Duration.ofHours(1));
    private final ReplayGate gate = new ReplayGate(1, Duration.ofSeconds(10), meters);

    private FeedStream stream(VirtualTimeScheduler time) {
        return new FeedStream(feed, samples, events, properties, new FeedCodec(JsonMapper.builder().build()), time, meters);
    }

    @Test
    void aReplayPastItsDeadlineEndsWithLaggedAndGivesItsPermitBack() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        samples.hold(); // the replay query never answers: a stalled reader, as far as the replay can tell
        ReplayGate.Permit permit = gate.tryAcquire();
        assertThat(permit).isNotNull();

        StepVerifier.withVirtualTime(() -> stream(time).open(FeedFilter.ALL, new FeedCursor(0, 0), permit), () -> time,
                        Long.MAX_VALUE)
                .expectNext(FeedStream.CONNECTED)
                .expectNextMatches(f -> f.event().equals("ready"))
                .expectNoEvent(Duration.ofSeconds(9))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(f -> {
                    assertThat(f.event()).isEqualTo("lagged");
                    assertThat(f.data()).contains("replay-timeout");
                    assertThat(f.id()).isEqualTo("0-0");
                })
                .verifyComplete();
        assertThat(gate.tryAcquire()).as("the permit is free again").isNotNull();
        assertThat(meters.counter("qos.sse.lagged", "reason", "replay-timeout").count()).isEqualTo(1.0);
    }

    @Test
    void thePermitIsGivenBackWhenTheReplayEndsNotWhenTheStreamDoes() {
        samples.commit(Events.sample(1, "m1", "p1"));
        samples.commit(Events.sample(2, "m1", "p1"));
        ReplayGate.Permit permit = gate.tryAcquire();

        StepVerifier.create(stream(VirtualTimeScheduler.create()).open(FeedFilter.ALL, new FeedCursor(0, 0), permit))
                .expectNext(FeedStream.CONNECTED)
                .expectNextMatches(f -> f.event().equals("ready"))
                .expectNextCount(2)
                .then(() -> assertThat(gate.tryAcquire()).as("live now: another replay may start").isNotNull())
                .then(() -> feed.publish(Events.sample(3, "m1", "p1")))
                .assertNext(f -> assertThat(f.id()).isEqualTo("3-0"))
                .thenCancel()
                .verify();
    }

    @Test
    void aStreamCancelledBeforeItsReplayStartedGivesItsPermitBack() {
        ReplayGate.Permit permit = gate.tryAcquire();
        samples.hold();

        StepVerifier.create(stream(VirtualTimeScheduler.create()).open(FeedFilter.ALL, new FeedCursor(0, 0), permit), 1)
                .expectNext(FeedStream.CONNECTED)
                .thenCancel()
                .verify();

        assertThat(gate.tryAcquire()).isNotNull();
    }
}
