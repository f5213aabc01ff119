package io.zoomqos.collector.polling;

import io.zoomqos.collector.live.Watchers;
import io.zoomqos.collector.store.PinRepository;
import io.zoomqos.collector.store.WatchRepository;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Knows each meeting's {@link Attention} from in-memory views the refresh keeps current:
 * watched (any replica's live subscribers, through PostgreSQL), pinned (admin pins and
 * configured rules), recently poor (this replica's last live poll of it stored an alert; only
 * the account's lease holder polls it, so local is complete).
 */
@Component
class AttentionService implements AttentionSource {

    private static final Logger log = LoggerFactory.getLogger(AttentionService.class);

    private final Watchers watchers;
    private final WatchRepository watches;
    private final PinRepository pins;
    private final PollStateRepository meetings;
    private final PinRules rules;
    private final AttentionProperties properties;
    private final Set<String> poor = ConcurrentHashMap.newKeySet();
    private volatile Set<String> watched = Set.of();
    private volatile Set<String> pinned = Set.of();

    AttentionService(Watchers watchers, WatchRepository watches, PinRepository pins, PollStateRepository meetings,
                     PinRules rules, AttentionProperties properties) {
        this.watchers = watchers;
        this.watches = watches;
        this.pins = pins;
        this.meetings = meetings;
        this.rules = rules;
        this.properties = properties;
    }

    @Override
    public Attention of(String meetingUuid) {
        if (watched.contains(meetingUuid)) {
            return Attention.WATCHED;
        }
        if (pinned.contains(meetingUuid)) {
            return Attention.PINNED;
        }
        return poor.contains(meetingUuid) ? Attention.POOR : Attention.OTHER;
    }

    /** After a live poll: whether it stored a minute that crossed a threshold. */
    void polledLive(String meetingUuid, boolean alerted) {
        if (alerted) {
            poor.add(meetingUuid);
        } else {
            poor.remove(meetingUuid);
        }
    }

    /** Publishes this replica's watchers, then re-reads who is watched and pinned. Never fails. */
    Mono<Void> refresh(String replica) {
        return watches.publish(replica, watchers.snapshot(), properties.watchTtl())
                .then(watches.watched())
                .doOnNext(w -> watched = w)
                .then(meetings.live().collectList())
                .flatMap(live -> {
                    // Poor marks of meetings no longer live go: the set stays as small as the live meetings.
                    Set<String> liveUuids = new HashSet<>();
                    live.forEach(m -> liveUuids.add(m.meetingUuid()));
                    poor.retainAll(liveUuids);
                    return pins.pinnedLive().map(adminPins -> withRules(adminPins, live));
                })
                .doOnNext(p -> pinned = p)
                .then()
                // A hung database must not stall the next refreshes for ever.
                .timeout(properties.watchTtl())
                .onErrorResume(e -> {
                    // Keep the last views: a database hiccup must not drop everyone to OTHER.
                    log.warn("attention refresh failed error={}", e.toString());
                    return Mono.empty();
                });
    }

    private Set<String> withRules(Set<String> adminPins, java.util.List<PollStateRepository.LiveMeeting> live) {
        if (rules.isEmpty()) {
            return adminPins;
        }
        Set<String> all = new HashSet<>(adminPins);
        live.stream().filter(m -> rules.matches(m.meetingId(), m.hostId(), m.topic()))
                .forEach(m -> all.add(m.meetingUuid()));
        return Set.copyOf(all);
    }
}
