package io.zoomqos.collector.polling;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.store.Pseudonyms;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.Summaries;
import io.zoomqos.collector.zoom.MeetingNotFoundException;
import io.zoomqos.collector.zoom.MeetingParticipant;
import io.zoomqos.collector.zoom.MeetingTooOldException;
import io.zoomqos.collector.zoom.MetricsType;
import io.zoomqos.collector.zoom.ParticipantQos;
import io.zoomqos.collector.zoom.RateLimitedException;
import io.zoomqos.collector.zoom.ZoomClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Carries out poll jobs: reads Zoom page by page (each page one permit of the account budget,
 * taken inside the client) and stores each page as it arrives, so memory stays at one page
 * whatever the meeting's size.
 *
 * <p>The final sweep reads {@code type=past}, then reconciles with List meeting participants:
 * a participant Zoom lists but whose QoS record is missing or covers clearly fewer minutes than
 * they were present is fetched alone (Get a meeting participant's QoS), at most
 * {@code maxParticipantFetches} per sweep so one odd meeting cannot eat the budget.
 */
@Component
class QosPoller implements PollExecutor {

    private static final Logger log = LoggerFactory.getLogger(QosPoller.class);

    private final ZoomClient zoom;
    private final ParticipantRepository participants;
    private final QosRepository samples;
    private final Summaries summaries;
    private final FeedPublisher feed;
    private final int maxParticipantFetches;
    // Applied where Zoom's answers become rows: Zoom is still asked with the real ids, nothing
    // stored or published carries them.
    private final Pseudonyms pseudonyms;

    QosPoller(ZoomClient zoom, ParticipantRepository participants, QosRepository samples, Summaries summaries,
              FeedPublisher feed, PollingProperties properties, Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
        this.zoom = zoom;
        this.participants = participants;
        this.samples = samples;
        this.summaries = summaries;
        this.feed = feed;
        this.maxParticipantFetches = properties.maxParticipantFetches();
    }

    @Override
    public Mono<PollOutcome> execute(PollJob job) {
        Mono<Void> work = job.kind() == PollJob.Kind.LIVE ? live(job) : sweep(job);
        return work.thenReturn(PollOutcome.DONE)
                .onErrorResume(e -> Mono.just(outcomeOf(job, e)))
                // Sweeps may spend the daily reserve and go before waiting live polls; the Zoom
                // client reads the priority from the subscriber context for every permit it takes.
                .contextWrite(job.kind() == PollJob.Kind.SWEEP ? ZoomClient.SWEEP : Context.empty());
    }

    private Mono<Void> live(PollJob job) {
        Set<String> touched = ConcurrentHashMap.newKeySet();
        return zoom.participantsQosPages(job.accountId(), job.meetingUuid(), MetricsType.LIVE)
                .concatMap(page -> store(job, page.participants(), touched))
                .then(Mono.defer(() -> touched.isEmpty() ? Mono.empty()
                        : summaries.recomputeParticipants(job.meetingUuid(), touched)
                                .then(feed.summariesChanged(job.accountId(), job.meetingUuid(), touched))));
    }

    private Mono<Void> sweep(PollJob job) {
        Map<String, Integer> minutesByKey = new ConcurrentHashMap<>();
        return zoom.participantsQosPages(job.accountId(), job.meetingUuid(), MetricsType.PAST)
                .concatMap(page -> {
                    page.participants().forEach(p -> minutesByKey.merge(p.participantKey(), p.minutes().size(), Integer::sum));
                    return store(job, page.participants(), ConcurrentHashMap.newKeySet());
                })
                .then(Mono.defer(() -> reconcile(job, minutesByKey)))
                .then(Mono.defer(() -> summaries.recompute(job.meetingUuid())))
                .then(Mono.defer(() -> feed.summariesChanged(job.accountId(), job.meetingUuid(),
                        minutesByKey.keySet().stream().map(pseudonyms::participantKey).collect(Collectors.toSet()))));
    }

    private Mono<Void> reconcile(PollJob job, Map<String, Integer> minutesByKey) {
        return zoom.participants(job.accountId(), job.meetingUuid(), MetricsType.PAST)
                .collectList()
                .flatMap(listed -> participants.upsert(listed.stream().map(p -> pseudonyms.participant(p.toParticipantInfo(job.meetingUuid()))).toList())
                        .thenMany(Flux.fromIterable(listed)
                                .filter(p -> p.userId() != null && incomplete(p, minutesByKey.getOrDefault(p.participantKey(), 0)))
                                .map(MeetingParticipant::userId)
                                .distinct()
                                .take(maxParticipantFetches)
                                .concatMap(userId -> zoom.participantQos(job.accountId(), job.meetingUuid(), userId, MetricsType.PAST)
                                        .flatMap(p -> store(job, List.of(p), ConcurrentHashMap.newKeySet()))
                                        // One participant Zoom cannot find must not fail the sweep.
                                        .onErrorResume(MeetingNotFoundException.class, e -> Mono.empty())))
                        .then());
    }

    /** Missing, or more than a minute short of the whole minutes the participant was present. */
    static boolean incomplete(MeetingParticipant p, int minutesStored) {
        if (minutesStored == 0) {
            return true;
        }
        if (p.joinTime() == null || p.leaveTime() == null) {
            return false;
        }
        long present = Duration.between(p.joinTime(), p.leaveTime()).toMinutes();
        return minutesStored < present - 1;
    }

    private Mono<Void> store(PollJob job, List<ParticipantQos> records, Set<String> touched) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        List<ParticipantInfo> infos = new ArrayList<>(records.size());
        List<QosSample> rows = new ArrayList<>();
        for (ParticipantQos p : records) {
            ParticipantInfo info = pseudonyms.participant(p.toParticipantInfo(job.meetingUuid()));
            infos.add(info);
            p.toSamples(job.meetingUuid()).forEach(sample -> rows.add(pseudonyms.sample(sample)));
            touched.add(info.participantKey());
        }
        return participants.upsert(infos)
                .then(samples.saveSamples(rows))
                .flatMap(stored -> feed.samplesStored(job.accountId(), stored));
    }

    private static PollOutcome outcomeOf(PollJob job, Throwable e) {
        if (e instanceof MeetingNotFoundException) {
            return job.kind() == PollJob.Kind.LIVE ? PollOutcome.NOT_LIVE : PollOutcome.NOT_READY;
        }
        if (e instanceof MeetingTooOldException) {
            return PollOutcome.GONE;
        }
        if (e instanceof RateLimitedException) {
            return PollOutcome.RATE_LIMITED;
        }
        log.warn("poll failed account={} meeting={} kind={} error={}", job.accountId(), job.meetingUuid(), job.kind(), e.toString());
        return PollOutcome.FAILED;
    }
}
