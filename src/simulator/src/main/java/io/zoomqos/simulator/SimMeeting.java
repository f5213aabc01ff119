package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One simulated meeting instance, fixed at creation (a pure function of the seed and its index).
 *
 * @param index position in the scenario (0, 1, 2, ...)
 * @param accountId the Zoom account it belongs to
 * @param meetingId numeric meeting ID; recurs across waves in continuous mode (a new UUID per instance)
 * @param uuid instance UUID; some start with {@code /} or contain {@code //} to exercise double encoding
 * @param hostId host's user id
 * @param topic meeting topic
 * @param type Zoom meeting type (2 scheduled, 8 recurring with fixed time)
 * @param timezone the meeting's time zone
 * @param start simulated start (second precision)
 * @param end simulated end
 * @param plannedMinutes the scheduled {@code duration} of the webhooks
 * @param shareFrom start of the screen-share window (the first participant presents)
 * @param shareTo end of that window
 * @param participants who joins when, in join order
 */
public record SimMeeting(int index, String accountId, long meetingId, String uuid, String hostId, String topic,
                         int type, String timezone, Instant start, Instant end, int plannedMinutes,
                         Instant shareFrom, Instant shareTo, List<SimParticipant> participants) {

    public SimMeeting {
        participants = List.copyOf(participants);
    }

    public boolean startedBy(Instant now) {
        return !start.isAfter(now);
    }

    public boolean endedBy(Instant now) {
        return !end.isAfter(now);
    }

    public boolean liveAt(Instant now) {
        return startedBy(now) && !endedBy(now);
    }

    /** Zoom answers {@code type=past} only after the end plus the report delay. */
    public boolean pastAvailableAt(Instant now, Duration delay) {
        return !end.plus(delay).isAfter(now);
    }

    public Optional<SimParticipant> participant(String userId) {
        return participants.stream().filter(p -> p.userId().equals(userId)).findFirst();
    }
}
