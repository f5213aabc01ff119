package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

class FeedStreamTest {

    private final QosFeed feed = new QosFeed(Schedulers.immediate());
    private final HeldSource samples = new HeldSource();
    private final HeldSource events = new HeldSource();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveProperties properties = new LiveProperties(Duration.ofSeconds(15), 8, 10, 3, 1_000,
            Duration.ofSeconds(2), Duration.ZERO, Duration.ofDays(7), Duration.ofHours(1));

    private FeedStream stream(Scheduler timer, LiveProperties props) {
        return new FeedStream(feed, samples, events, props, new FeedCodec(JsonMapper.builder().build()), timer, meters);
    }

    private FeedStream stream() {
        // A virtual clock nobody advances: no heartbeat can interleave with the frames under test.
        return stream(VirtualTimeScheduler.create(), properties);
    }

    @Test
    void sendsACommentAtOnceThenReadyThenAHeartbeatEveryPeriod() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        samples.commit(Events.sample(41, "m1", "p1"));
        events.commit(Events.meeting(7, "m1", MeetingPayload.STARTED));

        StepVerifier.withVirtualTime(() -> stream(time, properties).open(FeedFilter.ALL, null), () -> time, Long.MAX_VALUE)
                .expectNext(FeedStream.CONNECTED)
                .assertNext(ready -> {
                    assertThat(ready.event()).isEqualTo("ready");
                    assertThat(ready.id()).as("a fresh subscriber starts at the heads").isEqualTo("41-7");
                    assertThat(ready.encode()).startsWith("retry: 2000\nid: 41-7\nevent: ready\ndata: {");
                })
                .expectNoEvent(Duration.ofSeconds(14))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(FeedStream.HEARTBEAT)
                .expectNoEvent(Duration.ofSeconds(14))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(FeedStream.HEARTBEAT)
                .then(() -> feed.publish(Events.sample(42, "m1", "p1")))
                .assertNext(f -> assertThat(f.id()).isEqualTo("42-7"))
                .thenCancel()
                .verify();
        assertThat(FeedStream.HEARTBEAT.encode()).isEqualTo(": heartbeat\n\n");
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void eachEventTypeIsSentWithTheCursorAsIdAndItsEventName() {
        StepVerifier.create(stream().open(FeedFilter.ALL, null))
                .expectNext(FeedStream.CONNECTED)
                .assertNext(ready -> assertThat(ready.id()).isEqualTo("0-0"))
                .then(() -> {
                    feed.publish(Events.sample(5, "m1", "p1"));
                    feed.publish(Events.meeting(3, "m1", MeetingPayload.STARTED));
                    feed.publish(Events.event(FeedEvent.Type.SUMMARY, 4, "m1", "p1", java.util.Map.of("worstLatencyMs", 300)));
                    feed.publish(Events.event(FeedEvent.Type.ALERT, 6, "m1", "p1",
                            new AlertPayload("latencyMs", "audio_input", 412.0, 300.0, Events.MINUTE)));
                    feed.publish(FeedEvent.budget(Events.ACCOUNT, java.util.Map.of("remainingToday", 59_000)));
                })
                .assertNext(f -> {
                    assertThat(f.id()).isEqualTo("5-0");
                    assertThat(f.event()).isEqualTo("sample");
                    assertThat(f.data()).contains("\"type\":\"sample\"", "\"seq\":5", "\"participantKey\":\"p1\"",
                            "\"audio_input\":{\"bitrateKbps\":27.15,\"latencyMs\":126.0", "\"minute\":\"2026-11-25T10:05:00Z\"");
                })
                .assertNext(f -> {
                    assertThat(f.id()).isEqualTo("5-3");
                    assertThat(f.event()).isEqualTo("meeting");
                    assertThat(f.data()).contains("\"state\":\"started\"");
                })
                .assertNext(f -> assertThat(f.id() + " " + f.event()).isEqualTo("5-4 summary"))
                .assertNext(f -> {
                    assertThat(f.id() + " " + f.event()).isEqualTo("5-6 alert");
                    assertThat(f.data()).contains("\"metric\":\"latencyMs\"", "\"threshold\":300.0");
                })
                .assertNext(f -> {
                    assertThat(f.id() + " " + f.event()).as("budget events keep the cursor").isEqualTo("5-6 budget");
                    assertThat(f.data()).contains("\"meetingUuid\":null", "\"seq\":0", "\"remainingToday\":59000");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aReaderWithoutThePersonalDataScopeGetsPseudonymsWhereOthersGetTheSameEventAsStored() {
        ReadPseudonyms pseudonyms = ReadPseudonyms.keyed("a-secret-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8));
        String key = "u:ada@example.com";
        FeedStream stream = stream();
        List<String> plain = new CopyOnWriteArrayList<>();
        List<String> pseudonymous = new CopyOnWriteArrayList<>();
        Disposable a = stream.open(FeedFilter.ALL, null, ReplayGate.UNBOUNDED, null)
                .filter(f -> "sample".equals(f.event())).subscribe(f -> plain.add(f.data()));
        Disposable b = stream.open(FeedFilter.ALL, null, ReplayGate.UNBOUNDED, pseudonyms)
                .filter(f -> "sample".equals(f.event())).subscribe(f -> pseudonymous.add(f.data()));
        feed.publish(Events.sample(5, "m1", key));
        feed.publish(Events.sample(6, "m1", key));
        a.dispose();
        b.dispose();

        assertThat(plain).hasSize(2).allSatisfy(d -> assertThat(d).contains("\"participantKey\":\"" + key + "\""));
        // Envelope and payload alike, the same pseudonym for every event of the participant.
        assertThat(pseudonymous).hasSize(2).allSatisfy(d -> assertThat(d).doesNotContain("ada@example.com")
                .contains("\"participantKey\":\"" + pseudonyms.of(key) + "\",\"seq\"",
                        "\"data\":{\"meetingUuid\":\"m1\",\"participantKey\":\"" + pseudonyms.of(key) + "\""));
    }

    @Test
    void filtersApplyToLiveEventsAndBudgetsPassTheMeetingFilter() {
        StepVerifier.create(stream().open(new FeedFilter(Events.ACCOUNT, "m1", "p1"), null))
                .expectNext(FeedStream.CONNECTED)
                .expectNextMatches(f -> f.event().equals("ready"))
                .then(() -> {
                    feed.publish(Events.sample(1, "m2", "p1"));
                    feed.publish(Events.sample(2, "m1", "p2"));
                    feed.publish(Events.sample("Other", 3, "m1", "p1"));
                    feed.publish(FeedEvent.budget("Other", "x"));
                    feed.publish(Events.sample(4, "m1", "p1"));
                    feed.publish(Events.meeting(1, "m1", MeetingPayload.ENDED));
                    feed.publish(FeedEvent.budget(Events.ACCOUNT, "y"));
                })
                .assertNext(f -> assertThat(f.id() + " " + f.event()).isEqualTo("4-0 sample"))
                .assertNext(f -> assertThat(f.id() + " " + f.event()).isEqualTo("4-1 meeting"))
                .assertNext(f -> assertThat(f.id() + " " + f.event()).isEqualTo("4-1 budget"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void resumeReplaysBothSourcesInPagesAfterTheCursor() {
        for (long seq = 1; seq <= 8; seq++) {
            samples.commit(Events.sample(seq, "m1", "p1"));
        }
        for (long seq = 1; seq <= 4; seq++) {
            events.commit(Events.meeting(seq, "m1", MeetingPayload.STARTED));
        }
        StepVerifier.create(stream().open(FeedFilter.ALL, new FeedCursor(2, 2)).map(f -> f.isComment() ? "comment" : f.id()))
                .expectNext("comment", "2-2")
                .expectNext("3-2", "4-2", "5-2", "6-2", "7-2", "8-2", "8-3", "8-4")
                .then(() -> feed.publish(Events.sample(9, "m1", "p1")))
                .expectNext("9-4")
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void overflowingSubscriberGetsLaggedWithTheCursorItHasThenTheStreamEnds() {
        AtomicReference<String> lastId = new AtomicReference<>();
        StepVerifier.create(stream().open(FeedFilter.ALL, null), 2)
                .expectNext(FeedStream.CONNECTED)
                .expectNextMatches(f -> f.event().equals("ready"))
                .then(() -> {
                    for (long seq = 1; seq <= 40; seq++) {
                        feed.publish(Events.sample(seq, "m1", "p1"));
                    }
                })
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(f -> !f.event().equals("lagged"), f -> lastId.set(f.id()))
                .assertNext(lagged -> {
                    assertThat(lastId.get()).as("some events were delivered before the cut").isNotNull();
                    assertThat(Long.parseLong(lastId.get().split("-")[0])).isLessThan(40);
                    assertThat(lagged.id()).as("resume exactly after what was delivered").isEqualTo(lastId.get());
                    assertThat(lagged.data()).contains("\"reason\":\"overflow\"");
                })
                .verifyComplete();
        assertThat(feed.subscribers()).isZero();
        assertThat(meters.counter("qos.sse.lagged", "reason", "overflow").count()).isEqualTo(1.0);
    }

    @Test
    void aReplayLongerThanTheLimitEndsWithLaggedSoTheClientContinuesOnReconnect() {
        for (long seq = 1; seq <= 10; seq++) {
            samples.commit(Events.sample(seq, "m1", "p1"));
        }
        LiveProperties small = new LiveProperties(Duration.ofSeconds(15), 8, 10, 3, 4, Duration.ofSeconds(2),
                Duration.ZERO, Duration.ofDays(7), Duration.ofHours(1));
        StepVerifier.create(stream(VirtualTimeScheduler.create(), small).open(FeedFilter.ALL, new FeedCursor(0, 0)))
                .expectNext(FeedStream.CONNECTED)
                .expectNextMatches(f -> f.event().equals("ready"))
                .expectNextCount(4)
                .assertNext(f -> {
                    assertThat(f.event()).isEqualTo("lagged");
                    assertThat(f.id()).isEqualTo("4-0");
                    assertThat(f.data()).contains("replay-limit");
                })
                .verifyComplete();
    }
}
