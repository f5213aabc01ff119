package io.zoomqos.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the simulator can serve, as of one simulated instant: the meetings that have started
 * (and are still retained) and every participant-minute sample that exists by then, with exactly
 * the values it renders. Samples are regenerated from the seed on demand, so this costs no memory.
 */
public final class GroundTruth {

    private final Instant now;
    private final List<SimMeeting> meetings;
    private final QosGenerator generator;

    GroundTruth(Instant now, List<SimMeeting> meetings, QosGenerator generator) {
        this.now = now;
        this.meetings = List.copyOf(meetings);
        this.generator = generator;
    }

    /** The simulated instant of this snapshot. */
    public Instant now() {
        return now;
    }

    /** Started meetings, oldest first. */
    public List<SimMeeting> meetings() {
        return meetings;
    }

    public List<SimMeeting> liveMeetings() {
        return meetings.stream().filter(m -> m.liveAt(now)).toList();
    }

    public List<SimMeeting> endedMeetings() {
        return meetings.stream().filter(m -> m.endedBy(now)).toList();
    }

    public Optional<SimMeeting> meeting(String uuid) {
        return meetings.stream().filter(m -> m.uuid().equals(uuid)).findFirst();
    }

    /** Samples of one participant that exist by {@link #now()}. */
    public List<SimSample> samples(SimMeeting meeting, SimParticipant participant) {
        return participant.join().isAfter(now) ? List.of() : generator.samples(meeting, participant, now);
    }

    /** Samples of every participant of the meeting that exist by {@link #now()}. */
    public List<SimSample> samples(SimMeeting meeting) {
        return meeting.participants().stream().flatMap(p -> samples(meeting, p).stream()).toList();
    }

    /** Samples of the meeting instance that exist by {@link #now()}; none for an unknown UUID. */
    public List<SimSample> samples(String meetingUuid) {
        return meeting(meetingUuid).map(this::samples).orElse(List.of());
    }

    /** Every sample of every retained meeting. */
    public Stream<SimSample> allSamples() {
        return meetings.stream().flatMap(m -> samples(m).stream());
    }

    public long sampleCount() {
        return meetings.stream().flatMap(m -> m.participants().stream()
                .map(p -> p.join().isAfter(now) ? 0 : QosGenerator.minutes(p, now).size()))
                .mapToLong(Integer::longValue).sum();
    }
}
