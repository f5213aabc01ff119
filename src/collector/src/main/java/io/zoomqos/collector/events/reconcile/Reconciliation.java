package io.zoomqos.collector.events.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.zoom.LiveMeeting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One reconciliation of one account: Zoom's live meetings against the ones we think live.
 * A meeting Zoom lists that we do not know is adopted (its {@code meeting.started} was lost);
 * a meeting we think live that Zoom no longer lists, and that either started more than
 * {@code endGrace} before the list was read (Zoom's list lags its events) or was missing from the
 * previous list too (its start time may not be comparable with our clock, e.g. a simulator
 * running faster than real time), is ended
 * (its {@code meeting.ended} was lost) and so gets its final sweep. Only a meeting we already
 * thought live when the list was asked for can be missing from it: one an event brought in while
 * the list was on its way (a list waits behind every other call, then Zoom's list lags its
 * events) started after what the list shows, so that list says nothing about it, whatever its
 * start time says (Zoom's clock, or a simulator's, need not be ours). Each change is stored with its
 * cause, counted, and published as a {@link MeetingSignal} after its commit, exactly as an event
 * would have been.
 */
final class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    /** What one run changed. */
    record Result(int listed, int adopted, int ended) {
    }

    private final BiFunction<String, LocalDate, Flux<LiveMeeting>> zoomLive;
    private final ReconcileRepository repository;
    private final MeetingSignals signals;
    private final Duration endGrace;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Per account: meetings we think live that the previous list did not show. Runs of one account never overlap. */
    private final Map<String, java.util.Set<String>> missedBefore = new java.util.concurrent.ConcurrentHashMap<>();

    Reconciliation(BiFunction<String, LocalDate, Flux<LiveMeeting>> zoomLive, ReconcileRepository repository,
                   MeetingSignals signals, Duration endGrace, Clock clock, MeterRegistry meters) {
        this.zoomLive = zoomLive;
        this.repository = repository;
        this.signals = signals;
        this.endGrace = endGrace;
        this.clock = clock;
        this.meters = meters;
    }

    Mono<Result> run(String accountId) {
        return Mono.defer(() -> {
            Instant readAt = clock.instant();
            // Our side before Zoom's: only these can be missing from the list (see the class comment).
            return repository.live(accountId).map(ReconcileRepository.Known::uuid).collect(Collectors.toSet())
                    .flatMap(before -> zoomLive.apply(accountId, LocalDate.ofInstant(readAt, ZoneOffset.UTC))
                    .collectMap(LiveMeeting::uuid, m -> m, HashMap::new)
                    // And after Zoom's: a meeting an event created meanwhile is
                    // known, never adopted twice (and the insert would not reopen it anyway).
                    .flatMap(listed -> repository.live(accountId).collectList()
                            .flatMap(known -> apply(accountId, listed, known, before, readAt))))
                    .doOnNext(r -> {
                        runs("ok");
                        if (r.adopted() + r.ended() > 0) {
                            log.info("reconciled account={} listed={} adopted={} ended={}", accountId, r.listed(),
                                    r.adopted(), r.ended());
                        }
                    })
                    .doOnError(e -> {
                        runs("failed");
                        log.warn("reconciliation failed account={} error={}", accountId, e.toString());
                    });
        });
    }

    private Mono<Result> apply(String accountId, Map<String, LiveMeeting> listed, List<ReconcileRepository.Known> known,
                               Set<String> knownBefore, Instant readAt) {
        Map<String, ReconcileRepository.Known> ours = new HashMap<>();
        known.forEach(k -> ours.put(k.uuid(), k));
        Flux<MeetingSignal> adopted = Flux.fromIterable(listed.values())
                .filter(m -> !ours.containsKey(m.uuid()))
                .concatMap(m -> repository.adopt(accountId, m, readAt))
                .doOnNext(s -> changed(s, "adopted"));
        Instant startedBefore = readAt.minus(endGrace);
        java.util.Set<String> missedNow = new java.util.HashSet<>();
        known.stream().filter(k -> knownBefore.contains(k.uuid()) && !listed.containsKey(k.uuid()))
                .forEach(k -> missedNow.add(k.uuid()));
        java.util.Set<String> missedLastTime = missedBefore.getOrDefault(accountId, java.util.Set.of());
        missedBefore.put(accountId, missedNow);
        Flux<MeetingSignal> ended = Flux.fromIterable(known)
                .filter(k -> missedNow.contains(k.uuid()))
                .filter(k -> k.startTime() == null || k.startTime().isBefore(startedBefore)
                        || missedLastTime.contains(k.uuid()))
                .concatMap(k -> repository.end(accountId, k.uuid(), readAt))
                .doOnNext(s -> changed(s, "ended"));
        return Mono.zip(adopted.count(), ended.count())
                .map(t -> new Result(listed.size(), t.getT1().intValue(), t.getT2().intValue()));
    }

    private void changed(MeetingSignal signal, String action) {
        Counter.builder("qos.reconcile.meetings")
                .description("meetings reconciliation adopted (start event missed) or ended (end event missed)")
                .tag("action", action)
                .register(meters).increment();
        log.info("meeting {} by reconciliation account={} meeting={}", action, signal.accountId(), signal.meetingUuid());
        signals.publish(signal);
    }

    private void runs(String outcome) {
        Counter.builder("qos.reconcile.runs").description("reconciliation runs (one List meetings walk each)")
                .tag("outcome", outcome).register(meters).increment();
    }
}
