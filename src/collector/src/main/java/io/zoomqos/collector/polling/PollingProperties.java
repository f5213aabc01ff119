package io.zoomqos.collector.polling;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How meetings are polled.
 *
 * @param enabled false: this process takes webhooks and serves the API but polls nobody (also
 *     takes no account lease), e.g. for tests of the other features
 *
 * @param interval live poll interval per meeting ({@code QOS_POLL_INTERVAL}); in the demo ({@code qos.time-scale} above 1)
 *     it is read in simulated time
 * @param jitter fraction of the interval added at random to each meeting's first deadline, so
 *     meetings that start together do not poll together
 * @param concurrency live polls of one account in flight at once (sweeps have one slot more).
 *     The budget is the real gate; this
 *     only bounds how far ahead of the budget the planner commits to a choice, so that the most
 *     overdue meeting is chosen as late as possible (earliest deadline first)
 * @param sweepDelay wait after {@code meeting.ended} before the first {@code type=past} sweep
 * @param sweepRetryFirst first wait after Zoom answers 404/3001 (data not ready)
 * @param sweepRetryMax cap of the doubling wait between sweep attempts
 * @param sweepGiveUpAfter after this long past the end, an unfinished sweep is given up (recorded)
 * @param maxLiveDuration stop rule: a meeting live this long without {@code meeting.ended} is closed and swept
 * @param notLiveStrikes stop rule: this many live polls in a row answered "not live" close the meeting
 * @param reloadInterval how often live and unswept meetings are reloaded from PostgreSQL (safety net)
 * @param maxParticipantFetches per sweep, at most this many participants fetched one by one
 *     (missing or incomplete in the meeting-wide answer), so one odd meeting cannot eat the budget
 */
@Validated
@ConfigurationProperties("qos.poll")
public record PollingProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("5m") Duration interval,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.2") double jitter,
        @Min(1) @Max(64) @DefaultValue("4") int concurrency,
        @NotNull @DefaultValue("30s") Duration sweepDelay,
        @NotNull @DefaultValue("1m") Duration sweepRetryFirst,
        @NotNull @DefaultValue("15m") Duration sweepRetryMax,
        @NotNull @DefaultValue("6h") Duration sweepGiveUpAfter,
        @NotNull @DefaultValue("24h") Duration maxLiveDuration,
        @Min(1) @DefaultValue("3") int notLiveStrikes,
        @NotNull @DefaultValue("1m") Duration reloadInterval,
        @Min(0) @DefaultValue("50") int maxParticipantFetches) {

    public PollingProperties {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("qos.poll.interval (QOS_POLL_INTERVAL) must be positive, was " + interval);
        }
        if (sweepRetryMax.compareTo(sweepRetryFirst) < 0) {
            throw new IllegalArgumentException("qos.poll.sweep-retry-max must be >= qos.poll.sweep-retry-first");
        }
    }

    /**
     * Every duration of meeting time divided by {@code timeScale} ({@code qos.time-scale}): the demo's simulator runs
     * meetings faster than real time, and then intervals, sweep waits and the stop rule must run
     * faster alike. The reload interval is about our own process, so it stays.
     */
    public PollingProperties scaledBy(double timeScale) {
        if (timeScale == 1.0) {
            return this;
        }
        return new PollingProperties(enabled, scale(interval, timeScale), jitter, concurrency, scale(sweepDelay, timeScale),
                scale(sweepRetryFirst, timeScale), scale(sweepRetryMax, timeScale), scale(sweepGiveUpAfter, timeScale),
                scale(maxLiveDuration, timeScale), notLiveStrikes, reloadInterval, maxParticipantFetches);
    }

    private static Duration scale(Duration d, double timeScale) {
        return Duration.ofNanos(Math.max(1_000_000L, (long) (d.toNanos() / timeScale)));
    }
}
