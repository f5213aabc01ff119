package io.zoomqos.collector.polling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zoomqos.collector.live.MeetingPayload;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records what the planners decide: durable state on the meeting row (so a restart resumes),
 * metrics (poll lag, outcomes), and one log line per meaningful change.
 */
@Component
class PollRecorder implements PlannerEvents {

    private static final Logger log = LoggerFactory.getLogger(PollRecorder.class);

    private final PollStateRepository state;
    private final FeedPublisher feed;
    private final MeterRegistry meters;
    private final Timer lag;

    PollRecorder(PollStateRepository state, FeedPublisher feed, MeterRegistry meters) {
        this.state = state;
        this.feed = feed;
        this.meters = meters;
        this.lag = Timer.builder("qos.poll.lag")
                .description("how late a poll started after its deadline; grows evenly when demand exceeds the budget")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    @Override
    public void polled(PollJob job, PollOutcome outcome, Instant startedAt) {
        Duration late = Duration.between(job.dueAt(), startedAt);
        lag.record(late.isNegative() ? Duration.ZERO : late);
        Counter.builder("qos.poll.jobs").tag("kind", job.kind().name().toLowerCase())
                .tag("outcome", outcome.name().toLowerCase()).register(meters).increment();
        if (job.kind() == PollJob.Kind.LIVE && outcome == PollOutcome.DONE) {
            persist(state.polled(job.meetingUuid(), startedAt), "polled", job.meetingUuid());
        }
    }

    @Override
    public void closedByStopRule(String accountId, String meetingUuid, String reason, Instant at) {
        persist(state.closedByStopRule(meetingUuid, reason, at)
                .then(feed.meeting(accountId, meetingUuid, MeetingPayload.ENDED, null, at)), "closed", meetingUuid);
    }

    @Override
    public void swept(String accountId, String meetingUuid, Instant at) {
        log.info("meeting swept account={} meeting={}", accountId, meetingUuid);
        persist(state.swept(meetingUuid, at)
                .then(feed.meeting(accountId, meetingUuid, MeetingPayload.SWEPT, null, at)), "swept", meetingUuid);
    }

    @Override
    public void sweepGivenUp(String accountId, String meetingUuid, String reason, Instant at) {
        // A meeting given up is a recorded gap: counted so that an alert sees it (reasons are a closed set).
        Counter.builder("qos.meetings.given.up").description("meetings whose data will not be fully collected")
                .tag("account", accountId).tag("reason", reason).register(meters).increment();
        persist(state.sweepGivenUp(meetingUuid, reason, at)
                .then(feed.meeting(accountId, meetingUuid, MeetingPayload.GIVEN_UP, null, at)), "given_up", meetingUuid);
    }

    /**
     * Fire and forget: the planner must not wait on the database. A lost write costs little: a
     * missed {@code last_polled_at} only makes a restart poll a little early, a missed sweep
     * state only makes it sweep again (idempotent).
     */
    private static void persist(Mono<Void> write, String what, String meetingUuid) {
        write.subscribe(null, e -> log.warn("poll state write failed what={} meeting={} error={}", what, meetingUuid, e.toString()));
    }
}
