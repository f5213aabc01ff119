package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class QosFeedTest {

    @Test
    void slowSubscriberIsCutOffWhileAnotherReceivesEverythingAndThePublisherNeverWaits() {
        QosFeed feed = new QosFeed(Schedulers.immediate());
        QosFeed.Tap slow = feed.tap(FeedFilter.ALL, 100);
        QosFeed.Tap fast = feed.tap(FeedFilter.ALL, 100);
        List<Long> received = new CopyOnWriteArrayList<>();
        fast.events().subscribe(p -> received.add(p.event().seq()));

        // Published from a non-blocking thread: BlockHound fails this if publishing ever waits.
        StepVerifier.create(Mono.fromRunnable(() -> {
                    for (long seq = 1; seq <= 10_000; seq++) {
                        feed.publish(Events.sample(seq, "m1", "p1"));
                    }
                }).subscribeOn(Schedulers.parallel()))
                .verifyComplete();

        assertThat(received).hasSize(10_000);
        assertThat(received.get(0)).isEqualTo(1L);
        assertThat(received.get(9_999)).isEqualTo(10_000L);
        assertThat(slow.overflowed()).isTrue();
        assertThat(feed.subscribers()).as("the slow tap no longer costs the publisher anything").isEqualTo(1);
        StepVerifier.create(slow.events(), 0)
                .thenRequest(1_000)
                .expectNext(Published.LAGGED)
                .verifyComplete();
    }

    @Test
    void concurrentPublishersLoseNothing() {
        QosFeed feed = new QosFeed(Schedulers.parallel());
        QosFeed.Tap tap = feed.tap(FeedFilter.ALL, 100_000);
        int rails = 4;
        int perRail = 5_000;
        Flux<Void> publishers = Flux.range(0, rails).flatMap(rail -> Mono.<Void>fromRunnable(() -> {
            for (int i = 1; i <= perRail; i++) {
                feed.publish(Events.sample(rail * perRail + i, "m1", "p1"));
            }
        }).subscribeOn(Schedulers.parallel()));

        StepVerifier.create(tap.events().take(rails * perRail).map(p -> p.event().seq()).collectList()
                        .doOnSubscribe(s -> publishers.subscribe()))
                .assertNext(seqs -> {
                    assertThat(new HashSet<>(seqs)).hasSize(rails * perRail);
                    assertThat(tap.overflowed()).isFalse();
                })
                .verifyComplete();
        assertThat(tap.pending()).isZero();
    }

    @Test
    void filtersAreAppliedBeforeBuffering() {
        QosFeed feed = new QosFeed(Schedulers.immediate());
        QosFeed.Tap m1 = feed.tap(new FeedFilter(null, "m1", null), 2);
        for (long seq = 1; seq <= 50; seq++) {
            feed.publish(Events.sample(seq, "m2", "p1"));
        }
        feed.publish(Events.sample(51, "m1", "p1"));
        assertThat(m1.overflowed()).as("other meetings do not fill this subscriber's buffer").isFalse();
        StepVerifier.create(m1.events().map(p -> p.event().seq()))
                .expectNext(51L)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aFanOutThatFallsTooFarBehindCutsItsSubscribersOffInsteadOfQueueingWithoutBound() {
        // A fan-out worker that runs only when the test says so.
        List<Runnable> stalled = new CopyOnWriteArrayList<>();
        QosFeed feed = new QosFeed(Schedulers.fromExecutor(stalled::add), 1, 5);
        QosFeed.Tap tap = feed.tap(FeedFilter.ALL, 100);
        for (long seq = 1; seq <= 6; seq++) {
            feed.publish(Events.sample(seq, "m1", "p1"));
        }
        assertThat(tap.overflowed()).isTrue();
        assertThat(feed.subscribers()).isZero();
        runAll(stalled);
        StepVerifier.create(tap.events()).expectNext(Published.LAGGED).verifyComplete();

        QosFeed.Tap next = feed.tap(FeedFilter.ALL, 100);
        feed.publish(Events.sample(7, "m1", "p1"));
        runAll(stalled);
        StepVerifier.create(next.events().map(p -> p.event().seq()))
                .as("a reconnecting subscriber is served again once the fan-out caught up")
                .expectNext(7L)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    private static void runAll(List<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.remove(0).run();
        }
    }
}
