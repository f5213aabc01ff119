package io.zoomqos.collector.polling;

import java.time.Instant;

/** The planner's mutable record of one meeting. Only touched under the planner's lock. */
final class MeetingSchedule {

    final String meetingUuid;
    final Instant startedAt;
    Instant endedAt;
    PollJob.Kind phase;
    Instant nextDue;
    boolean inFlight;
    int sweepAttempt;
    int notLiveStrikes;
    /** Its level when last queued; decides which live queue holds it. */
    Attention attention = Attention.OTHER;

    MeetingSchedule(String meetingUuid, Instant startedAt, PollJob.Kind phase, Instant nextDue) {
        this.meetingUuid = meetingUuid;
        this.startedAt = startedAt;
        this.phase = phase;
        this.nextDue = nextDue;
    }

    PollJob job(String accountId) {
        return new PollJob(accountId, meetingUuid, phase, nextDue, phase == PollJob.Kind.SWEEP ? sweepAttempt : 0);
    }
}
