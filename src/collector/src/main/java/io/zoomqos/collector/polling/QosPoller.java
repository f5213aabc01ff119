package io.zoomqos.collector.polling;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.store.Pseudonyms;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.SampleSource;
import io.zoomqos.collector.store.RosterRepository;
import io.zoomqos.collector.store.CoverageRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>The final sweep reads {@code type=past}. When the roster the join/leave webhooks built names
 * exactly the participants the pages returned ({@link RosterCheck}), that is all it costs, plus
 * a single fetch for a participant whose record is clearly short of its own presence. Otherwise
 * it reconciles with List meeting participants: a participant Zoom lists but whose QoS record is
 * missing or covers clearly fewer minutes than they were present is fetched alone (Get a meeting
 * participant's QoS). Either way at most {@code maxParticipantFetches} per sweep, so one odd
 * meeting cannot eat the budget.
 */
@Component
class QosPoller implements PollExecutor {

    private static final Logger log = LoggerFactory.getLogger(QosPoller.class);

    private final ZoomClient zoom;
    private final ParticipantRepository participants;
    private final QosRepository samples;
    private final Summaries summaries;
    private final FeedPublisher feed;
    private final RosterRepository roster;
    private final AttentionService attention;
    private final CoverageRepository coverage;
    private final java.time.Clock clock;
    private final MeterRegistry meters;
    private final int maxParticipantFetches;
    // Applied where Zoom's answers become rows: Zoom is still asked with the real ids, nothing
    // stored or published carries them.
    private final Pseudonyms pseudonyms;
    private final QssGate qss;
    private final Counter heldBackByQss;

    /** A {@link java.time.Clock} bean, when some configuration provides exactly one, replaces the system clock (tests). */
    @org.springframework.beans.factory.annotation.Autowired
    QosPoller(ZoomClient zoom, ParticipantRepository participants, QosRepository samples, Summaries summaries,
              FeedPublisher feed, RosterRepository roster, AttentionService attention, CoverageRepository coverage,
              PollingProperties properties, MeterRegistry meters,
              org.springframework.beans.factory.ObjectProvider<java.time.Clock> clock, Pseudonyms pseudonyms,
              QssGate qss) {
        this(zoom, participants, samples, summaries, feed, roster, attention, coverage, properties, meters,
                clock.getIfUnique(java.time.Clock::systemUTC), pseudonyms, qss);
    }

    QosPoller(ZoomClient zoom, ParticipantRepository participants, QosRepository samples, Summaries summaries,
              FeedPublisher feed, RosterRepository roster, AttentionService attention, CoverageRepository coverage,
              PollingProperties properties, MeterRegistry meters, java.time.Clock clock, Pseudonyms pseudonyms,
              QssGate qss) {
        this.pseudonyms = pseudonyms;
        this.qss = qss;
        this.attention = attention;
        this.coverage = coverage;
        this.clock = clock;
        this.zoom = zoom;
        this.roster = roster;
        this.meters = meters;
        this.participants = participants;
        this.samples = samples;
        this.summaries = summaries;
        this.feed = feed;
        this.maxParticipantFetches = properties.maxParticipantFetches();
        this.heldBackByQss = meters.counter("qos.poll.live.skipped", "reason", "qss");
    }

    @Override
    public Mono<PollOutcome> execute(PollJob job) {
        // What the job spends is counted by the Zoom client as each request leaves (CallLedger).
        Mono<Void> work = job.kind() == PollJob.Kind.LIVE ? live(job) : sweep(job);
        return work.thenReturn(PollOutcome.DONE)
                .onErrorResume(e -> Mono.just(outcomeOf(job, e)))
                // Sweeps may spend the daily reserve and go before waiting live polls; the Zoom
                // client reads the priority from the subscriber context for every permit it takes.
                // Live polls of watched and pinned meetings go with them: they keep their interval,
                // and the sweep forecast reserves their polls until midnight (SweepForecast).
                .contextWrite(job.kind() == PollJob.Kind.SWEEP || attention.of(job.meetingUuid()).keepsInterval()
                        ? ZoomClient.SWEEP : Context.empty());
    }

    private Mono<Void> live(PollJob job) {
        // QSS pushes this meeting's minutes: a live poll would spend quota on what is stored already.
        return qss.flowing(job.meetingUuid(), clock.instant())
                .flatMap(flowing -> {
                    if (flowing) {
                        heldBackByQss.increment(); // the quota QSS saves, in calls not made
                        return Mono.<Void>empty();
                    }
                    return pollLive(job);
                });
    }

    private Mono<Void> pollLive(PollJob job) {
        Set<String> touched = ConcurrentHashMap.newKeySet();
        AtomicBoolean alerted = new AtomicBoolean();
        return zoom.participantsQosPages(job.accountId(), job.meetingUuid(), MetricsType.LIVE)
                .concatMap(page -> store(job, page.participants(), touched, alerted))
                // An alert in this poll puts the meeting among the recently poor until a clean poll.
                .then(Mono.fromRunnable(() -> attention.polledLive(job.meetingUuid(), alerted.get())))
                .then(Mono.defer(() -> touched.isEmpty() ? Mono.empty()
                        : summaries.recomputeParticipants(job.meetingUuid(), touched)
                                .then(feed.summariesChanged(job.accountId(), job.meetingUuid(), touched))));
    }

    private Mono<Void> sweep(PollJob job) {
        return qss.hadQss(job.meetingUuid()).flatMap(had -> had ? sweepQssGaps(job) : sweepAll(job));
    }

    /**
     * A QSS meeting: no type=past pages (they would repeat what QSS delivered); the participant
     * list shows who was there, and only participants QSS missed, or covered short, are fetched.
     */
    private Mono<Void> sweepQssGaps(PollJob job) {
        return samples.minutesByParticipant(job.meetingUuid())
                // Stored keys are pseudonymous in that mode: Zoom's participants are compared through the same mapping.
                .flatMap(minutesByKey -> reconcile(job, minutesByKey, p -> pseudonyms.participantKey(p.participantKey()))
                        .flatMap(incomplete -> coverage.gap(job.meetingUuid(), incomplete == 0 ? null
                                : incomplete + " participant(s) incomplete after the sweep"))
                        .then(Mono.defer(() -> summaries.recompute(job.meetingUuid())))
                        .then(Mono.defer(() -> feed.summariesChanged(job.accountId(), job.meetingUuid(), minutesByKey.keySet()))));
    }

    private Mono<Void> sweepAll(PollJob job) {
        Map<String, RosterCheck.Seen> seen = new ConcurrentHashMap<>();
        return zoom.participantsQosPages(job.accountId(), job.meetingUuid(), MetricsType.PAST)
                .concatMap(page -> {
                    page.participants().forEach(p -> seen.merge(p.participantKey(), RosterCheck.Seen.of(p), RosterCheck.Seen::plus));
                    return store(job, page.participants(), ConcurrentHashMap.newKeySet());
                })
                .then(Mono.defer(() -> roster.keys(job.meetingUuid())))
                .flatMap(keys -> followUp(job, RosterCheck.of(keys, seen), seen))
                // A meeting not fully collected keeps a recorded gap (cleared when a later sweep completes it).
                .flatMap(incomplete -> coverage.gap(job.meetingUuid(), incomplete == 0 ? null
                        : incomplete + " participant(s) incomplete after the sweep"))
                .then(Mono.defer(() -> summaries.recompute(job.meetingUuid())))
                .then(Mono.defer(() -> feed.summariesChanged(job.accountId(), job.meetingUuid(),
                        seen.keySet().stream().map(pseudonyms::participantKey).collect(Collectors.toSet()))));
    }

    /** Emits how many participants are still incomplete after the follow-up. */
    private Mono<Long> followUp(PollJob job, RosterCheck check, Map<String, RosterCheck.Seen> seen) {
        meters.counter("qos.sweep.roster", "decision", check.reason()).increment();
        if (check.listParticipants()) {
            Map<String, Integer> minutesByKey = new java.util.HashMap<>();
            seen.forEach((key, s) -> minutesByKey.put(key, s.minutes()));
            return reconcile(job, minutesByKey, MeetingParticipant::participantKey);
        }
        return fetchAlone(job, check.gaps());
    }

    /**
     * Get a meeting participant's QoS for each, in turn, at most {@code maxParticipantFetches}.
     * Emits how many stay incomplete: beyond the limit, not found, or still short.
     */
    private Mono<Long> fetchAlone(PollJob job, List<String> userIds) {
        long beyondLimit = Math.max(0, userIds.size() - maxParticipantFetches);
        return Flux.fromIterable(userIds).take(maxParticipantFetches)
                .concatMap(userId -> zoom.participantQos(job.accountId(), job.meetingUuid(), userId, MetricsType.PAST)
                        .flatMap(p -> store(job, List.of(p), ConcurrentHashMap.newKeySet())
                                .thenReturn(RosterCheck.Seen.of(p).incomplete() ? 1L : 0L))
                        // One participant Zoom cannot find must not fail the sweep: it stays a gap.
                        .onErrorResume(MeetingNotFoundException.class, e -> Mono.just(1L)))
                .reduce(beyondLimit, Long::sum);
    }

    private Mono<Long> reconcile(PollJob job, Map<String, Integer> minutesByKey,
                                 java.util.function.Function<MeetingParticipant, String> keyOf) {
        return zoom.participants(job.accountId(), job.meetingUuid(), MetricsType.PAST)
                .collectList()
                .flatMap(listed -> participants.upsert(listed.stream()
                                .map(p -> pseudonyms.participant(p.toParticipantInfo(job.meetingUuid()))).toList())
                        .then(fetchAlone(job, listed.stream()
                                .filter(p -> p.userId() != null && incomplete(p, minutesByKey.getOrDefault(keyOf.apply(p), 0)))
                                .map(MeetingParticipant::userId)
                                .distinct()
                                .toList())));
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
        return store(job, records, touched, new AtomicBoolean());
    }

    private Mono<Void> store(PollJob job, List<ParticipantQos> records, Set<String> touched, AtomicBoolean alerted) {
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
        // The participants commit with their samples: one transaction, one commit per page.
        return samples.saveSamples(rows, SampleSource.POLL, participants.upsert(infos))
                .map(QosRepository.Saved::samples)
                .flatMap(stored -> {
                    if (feed.anyAlert(stored)) {
                        alerted.set(true);
                    }
                    return feed.samplesStored(job.accountId(), stored);
                });
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
