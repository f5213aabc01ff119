package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The scenario's meetings as they exist at a simulated instant: each is created once it may have
 * started and forgotten once it ended longer than {@code retention} ago, so a long run holds only
 * a window of meetings. Every query first brings the population up to the instant it asks about.
 * Thread-safe; returns snapshots, so callers render outside the lock.
 */
final class MeetingPopulation {

    private final ScenarioGenerator scenario;
    private final Duration retention;
    /** By scenario index: index order is start order of the schedule. */
    private final TreeMap<Integer, SimMeeting> meetings = new TreeMap<>();
    private final Map<String, SimMeeting> byUuid = new HashMap<>();
    private int nextIndex;

    MeetingPopulation(ScenarioGenerator scenario, Duration retention) {
        this.scenario = scenario;
        this.retention = retention;
    }

    /** The retained meetings that have started by {@code now}, in scenario order. */
    synchronized List<SimMeeting> startedBy(Instant now) {
        materialize(now);
        return meetings.values().stream().filter(m -> m.startedBy(now)).toList();
    }

    /** The retained meetings that overlap {@code (fromExclusive, toInclusive]}, in scenario order. */
    synchronized List<SimMeeting> overlapping(Instant fromExclusive, Instant toInclusive) {
        materialize(toInclusive);
        List<SimMeeting> out = new ArrayList<>();
        for (SimMeeting m : meetings.values()) {
            if (!m.start().isAfter(toInclusive) && m.end().isAfter(fromExclusive)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The meeting a path names, as Zoom finds it: a numeric meeting ID names the account's latest
     * instance started by {@code now}; anything else is an instance UUID (of any account: the caller
     * checks ownership). Null when nothing matches or {@code id} is null.
     */
    synchronized @Nullable SimMeeting find(String accountId, @Nullable String id, Instant now) {
        materialize(now);
        if (id != null && !id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
            long meetingId = Long.parseLong(id);
            // Descending, so that of two instances with the same start the later one wins (max keeps the first).
            return meetings.descendingMap().values().stream()
                    .filter(x -> x.meetingId() == meetingId && x.startedBy(now) && x.accountId().equals(accountId))
                    .max(Comparator.comparing(SimMeeting::start)).orElse(null);
        }
        return id == null ? null : byUuid.get(id);
    }

    /** Creates the meetings that may have started by {@code now} and forgets those past retention. */
    private void materialize(Instant now) {
        boolean added = false;
        while (nextIndex < scenario.meetingCount() && !scenario.earliestStart(nextIndex).isAfter(now)) {
            SimMeeting m = scenario.meeting(nextIndex);
            meetings.put(nextIndex, m);
            byUuid.put(m.uuid(), m);
            nextIndex++;
            added = true;
        }
        if (added) {
            Instant horizon = now.minus(retention);
            meetings.values().removeIf(m -> {
                boolean gone = m.end().isBefore(horizon);
                if (gone) {
                    byUuid.remove(m.uuid());
                }
                return gone;
            });
        }
    }
}
