package io.zoomqos.collector.polling;

import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.LiveEventLog;
import io.zoomqos.collector.live.MeetingPayload;
import io.zoomqos.collector.live.QosFeed;
import io.zoomqos.collector.live.SamplePayload;
import io.zoomqos.collector.store.QualityProperties;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.store.Summaries;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells the live feed what the pipeline committed: samples (straight to the in-process feed;
 * their replay source is the sample table), and alerts, summaries and meeting changes (through
 * the live event log, which commits them before publishing). Feed trouble never fails a poll:
 * the data is already stored, and a subscriber that missed something resumes from the database.
 */
@Component
public class FeedPublisher {

    private static final Logger log = LoggerFactory.getLogger(FeedPublisher.class);

    private final QosFeed feed;
    private final LiveEventLog events;
    private final Summaries summaries;
    private final QualityAlerts alerts;

    FeedPublisher(QosFeed feed, LiveEventLog events, Summaries summaries, QualityProperties thresholds) {
        this.feed = feed;
        this.events = events;
        this.summaries = summaries;
        this.alerts = new QualityAlerts(thresholds);
    }

    /** After the commit of {@code stored}: one sample event per new or completed row, then alerts for new rows. */
    public Mono<Void> samplesStored(String accountId, List<StoredSample> stored) {
        if (stored.isEmpty()) {
            return Mono.empty();
        }
        feed.publishAll(stored.stream()
                .map(s -> FeedEvent.sample(accountId, s.id(), SamplePayload.of(s.sample())))
                .toList());
        // Every alert of the batch in one commit: at the seed's scale a batch raises hundreds.
        List<LiveEventLog.Entry> raised = stored.stream()
                .filter(StoredSample::inserted)
                .flatMap(s -> alerts.of(s.sample()).stream().map(a -> new LiveEventLog.Entry(FeedEvent.Type.ALERT,
                        accountId, s.sample().meetingUuid(), s.sample().participantKey(), a)))
                .toList();
        return events.appendAll(raised)
                .then()
                .onErrorResume(e -> logged("alert", e));
    }

    /** Whether any new row of {@code stored} crosses a quality threshold (would raise an alert). */
    boolean anyAlert(List<StoredSample> stored) {
        return stored.stream().filter(StoredSample::inserted).anyMatch(s -> !alerts.of(s.sample()).isEmpty());
    }

    /** A live meeting's freshness changed (fresh / stretched / sweep-only). */
    Mono<Void> liveState(String accountId, LiveState state, Instant at) {
        return events.append(FeedEvent.Type.MEETING, accountId, state.meetingUuid(), null, LiveStatePayload.of(state, at))
                .then()
                .onErrorResume(e -> logged("live-state", e));
    }

    /** After a summary recompute: the touched participants' summaries and the meeting's. */
    public Mono<Void> summariesChanged(String accountId, String meetingUuid, Collection<String> participantKeys) {
        return summaries.participantSummaries(meetingUuid)
                .flatMapMany(all -> Flux.fromIterable(participantKeys).filter(all::containsKey).map(all::get))
                .concatMap(p -> events.append(FeedEvent.Type.SUMMARY, accountId, meetingUuid, p.participantKey(), p))
                .then(summaries.meetingSummary(meetingUuid))
                .flatMap(m -> events.append(FeedEvent.Type.SUMMARY, accountId, meetingUuid, null, m))
                .then()
                .onErrorResume(e -> logged("summary", e));
    }

    /** A meeting's lifecycle moved (started / ended / swept / given up). */
    public Mono<Void> meeting(String accountId, String meetingUuid, String state, Long meetingId, Instant at) {
        return events.append(FeedEvent.Type.MEETING, accountId, meetingUuid, null, new MeetingPayload(state, meetingId, at))
                .then()
                .onErrorResume(e -> logged("meeting", e));
    }

    private static Mono<Void> logged(String what, Throwable e) {
        log.warn("live feed publish failed what={} error={}", what, e.toString());
        return Mono.empty();
    }
}
