package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * One meeting of an explicit schedule ({@link SimulatedZoom#SimulatedZoom(SimulatorProperties, java.util.List,
 * java.time.Clock, java.util.List)}): when it starts, how long it lasts and how many join. Everything
 * else (ids, topic, who joins and leaves when, the QoS) is still the seed's, as in a generated scenario.
 *
 * @param start simulated start
 * @param duration simulated length, at least 3 minutes
 * @param participants how many join, at least 1
 */
public record ScheduledMeeting(Instant start, Duration duration, int participants) {

    public ScheduledMeeting {
        if (duration.toMinutes() < 3 || participants < 1) {
            throw new IllegalArgumentException("a scheduled meeting lasts at least 3 minutes and has a participant");
        }
    }
}
