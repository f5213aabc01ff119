package io.zoomqos.collector.polling;

import io.zoomqos.collector.zoom.ParticipantQos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a final sweep still needs after its {@code type=past} pages, decided from the roster the
 * join/leave webhooks built. When the roster is known and names exactly the participants the
 * QoS pages returned, List meeting participants (one more Heavy call) would only repeat what we
 * know: the sweep then fetches alone only the participants whose own record is clearly short of
 * the minutes it says they were present. Otherwise (no roster, or it disagrees with the pages)
 * the sweep lists the participants as before.
 *
 * @param listParticipants true when List meeting participants must be read
 * @param reason why ({@code roster-unknown}, {@code roster-disagrees}) or {@code roster-matches}
 * @param gaps user ids to fetch one by one (only when the list is not needed)
 */
record RosterCheck(boolean listParticipants, String reason, List<String> gaps) {

    static final String UNKNOWN = "roster-unknown";
    static final String DISAGREES = "roster-disagrees";
    static final String MATCHES = "roster-matches";

    RosterCheck {
        gaps = List.copyOf(gaps);
    }

    /** What the QoS pages said about one participant key, summed over its records (one per join). */
    record Seen(String userId, int minutes, long presentMinutes) {

        static Seen of(ParticipantQos p) {
            long present = p.joinTime() == null || p.leaveTime() == null ? -1
                    : Duration.between(p.joinTime(), p.leaveTime()).toMinutes();
            return new Seen(p.userId(), p.minutes().size(), present);
        }

        Seen plus(Seen other) {
            long present = presentMinutes < 0 || other.presentMinutes < 0 ? -1 : presentMinutes + other.presentMinutes;
            return new Seen(userId != null ? userId : other.userId, minutes + other.minutes, present);
        }

        /** No samples, or more than a minute short of the whole minutes present (same rule as the listed path). */
        boolean incomplete() {
            return minutes == 0 || (presentMinutes >= 0 && minutes < presentMinutes - 1);
        }
    }

    static RosterCheck of(Set<String> roster, Map<String, Seen> seen) {
        if (roster.isEmpty()) {
            return new RosterCheck(true, UNKNOWN, List.of());
        }
        if (!roster.equals(seen.keySet())) {
            return new RosterCheck(true, DISAGREES, List.of());
        }
        List<String> gaps = new ArrayList<>();
        seen.values().stream()
                .filter(s -> s.userId() != null && s.incomplete())
                .map(Seen::userId)
                .distinct()
                .sorted()
                .forEach(gaps::add);
        return new RosterCheck(false, MATCHES, gaps);
    }
}
