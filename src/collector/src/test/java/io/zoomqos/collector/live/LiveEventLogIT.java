package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.function.Tuples;

class LiveEventLogIT extends CollectorIntegrationTest {

    @Autowired
    LiveEventLog log;

    @Autowired
    QosFeed feed;

    @Autowired
    DatabaseClient db;

    private FeedEvent append(String meeting, String participant, String state) {
        return log.append(FeedEvent.Type.MEETING, Events.ACCOUNT, meeting, participant,
                new MeetingPayload(state, 1L, Events.MINUTE)).block(Duration.ofSeconds(10));
    }

    private Mono<Long> rowsWithId(long id) {
        return db.sql("SELECT count(*) AS n FROM live_event WHERE id = :id").bind("id", id)
                .map(row -> row.get("n", Long.class)).one();
    }

    @Test
    void appendPublishesOnlyAfterCommitSoADeliveredEventCanBeReadBack() {
        QosFeed.Tap tap = feed.tap(new FeedFilter(null, "log-commit", null), 100);
        try {
            StepVerifier.create(tap.events()
                            .concatMap(p -> rowsWithId(p.event().seq()).map(n -> Tuples.of(p.event(), n)))
                            .take(3))
                    .then(() -> {
                        for (int i = 0; i < 3; i++) {
                            log.append(FeedEvent.Type.ALERT, Events.ACCOUNT, "log-commit", "p" + i,
                                    new AlertPayload("latencyMs", "audio_input", 400, 300, Events.MINUTE)).subscribe();
                        }
                    })
                    .thenConsumeWhile(t -> {
                        assertThat(t.getT2()).as("row of event %s visible when delivered", t.getT1().seq()).isEqualTo(1L);
                        assertThat(t.getT1().type()).isEqualTo(FeedEvent.Type.ALERT);
                        return true;
                    })
                    .verifyComplete();
        } finally {
            tap.close();
        }
    }

    @Test
    void aBurstOfAppendsSharesCommitsAndEachEventKeepsItsOwnRow() {
        int n = 200;
        List<Mono<FeedEvent>> appends = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(log.append(FeedEvent.Type.MEETING, Events.ACCOUNT, "log-burst", "p" + i,
                    new MeetingPayload(MeetingPayload.STARTED, (long) i, Events.MINUTE)).cache());
        }
        appends.forEach(Mono::subscribe); // all queued before the first commit answers
        List<FeedEvent> events = reactor.core.publisher.Flux.concat(appends).collectList().block(Duration.ofSeconds(30));

        assertThat(events).extracting(FeedEvent::seq).doesNotHaveDuplicates();
        for (FeedEvent e : events) {
            assertThat(db.sql("SELECT participant_key FROM live_event WHERE id = :id").bind("id", e.seq())
                    .map(row -> row.get("participant_key", String.class)).one().block(Duration.ofSeconds(5)))
                    .as("row of event %s", e.seq()).isEqualTo(e.participantKey());
        }
        Long transactions = db.sql("SELECT count(DISTINCT xmin::text) AS n FROM live_event WHERE meeting_uuid = 'log-burst'")
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
        assertThat(transactions).as("commits for %s events", n).isLessThanOrEqualTo(n / 10L);
    }

    @Test
    void appendRejectsSamplesAndBudgets() {
        StepVerifier.create(log.append(FeedEvent.Type.SAMPLE, Events.ACCOUNT, "log-x", "p", "x"))
                .expectError(IllegalArgumentException.class).verify(Duration.ofSeconds(5));
        StepVerifier.create(log.append(FeedEvent.Type.BUDGET, Events.ACCOUNT, null, null, "x"))
                .expectError(IllegalArgumentException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void eventsAfterFiltersAndReturnsAscendingPagesWithTheStoredPayload() {
        FeedEvent a = append("log-page", null, MeetingPayload.STARTED);
        FeedEvent b = append("log-page", "p1", MeetingPayload.STARTED);
        FeedEvent c = append("log-page", "p2", MeetingPayload.STARTED);
        FeedEvent d = append("log-page", null, MeetingPayload.ENDED);
        append("log-other", null, MeetingPayload.STARTED);

        FeedFilter meeting = new FeedFilter(null, "log-page", null);
        StepVerifier.create(log.eventsAfter(a.seq() - 1, meeting, 2).map(FeedEvent::seq).collectList())
                .expectNext(List.of(a.seq(), b.seq())).verifyComplete();
        StepVerifier.create(log.eventsAfter(b.seq(), meeting, 10).map(FeedEvent::seq).collectList())
                .expectNext(List.of(c.seq(), d.seq())).verifyComplete();
        StepVerifier.create(log.eventsAfter(0, new FeedFilter(Events.ACCOUNT, "log-page", "p1"), 10)
                        .map(FeedEvent::seq).collectList())
                .as("participant p1 sees its own and the meeting-level events, not p2's")
                .expectNext(List.of(a.seq(), b.seq(), d.seq())).verifyComplete();
        StepVerifier.create(log.eventsAfter(0, new FeedFilter("SecondAccount000000000", "log-page", null), 10))
                .verifyComplete();
        StepVerifier.create(log.eventsAfter(c.seq(), meeting, 10).next())
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(FeedEvent.Type.MEETING);
                    assertThat(e.accountId()).isEqualTo(Events.ACCOUNT);
                    assertThat(e.data().toString()).contains("\"state\":\"ended\"", "\"at\":\"2026-11-25T10:00:00Z\"");
                })
                .verifyComplete();
        StepVerifier.create(log.latestId()).assertNext(max -> assertThat(max).isGreaterThan(d.seq())).verifyComplete();
    }

    @Test
    void retentionDeletesOnlyEventsOlderThanTheHorizonOnEachPass() {
        FeedEvent old = append("log-retention", null, MeetingPayload.STARTED);
        FeedEvent recent = append("log-retention", null, MeetingPayload.ENDED);
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        db.sql("UPDATE live_event SET created_at = :t WHERE id = :id")
                .bind("t", now.minus(Duration.ofDays(8))).bind("id", old.seq()).fetch().rowsUpdated().block();
        db.sql("UPDATE live_event SET created_at = :t WHERE id = :id")
                .bind("t", now.minus(Duration.ofDays(6))).bind("id", recent.seq()).fetch().rowsUpdated().block();
        LiveProperties props = LiveProperties.defaults();
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        LiveEventRetention retention = new LiveEventRetention(log, props, Clock.fixed(now, ZoneOffset.UTC), time);

        StepVerifier.withVirtualTime(() -> retention.passes().take(2), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ZERO)
                .assertNext(deleted -> assertThat(deleted).isGreaterThanOrEqualTo(1L))
                .thenAwait(props.retentionInterval())
                .expectNext(0L)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(rowsWithId(old.seq())).expectNext(0L).verifyComplete();
        StepVerifier.create(rowsWithId(recent.seq())).expectNext(1L).verifyComplete();
    }
}
