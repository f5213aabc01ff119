package io.zoomqos.simulator;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The simulated Zoom: its scenario, its limits and its webhook delivery. "Simulated" durations
 * follow the simulator clock ({@link SimulatedClock}); "real" ones follow the wall clock. Rate
 * limits and OAuth tokens are always real time, as Zoom's are for the client.
 *
 * @param accounts the Zoom accounts it plays, each with the secret its webhooks are signed with;
 *     none configured = one {@value #DEFAULT_ACCOUNT_ID} signed with {@value #DEFAULT_WEBHOOK_SECRET}
 * @param seed the scenario is a pure function of the seed
 * @param timeScale simulated seconds per real second (60 = one simulated minute per second)
 * @param startTime simulated instant at start-up; null = the real start time, truncated to the minute
 * @param meetings meetings per wave; their starts are spread evenly over {@code startWindow}
 * @param startWindow simulated span over which one wave of meetings starts
 * @param continuous true: waves follow each other forever (meeting ids recur, a new UUID per instance)
 * @param participantsMin fewest participants per meeting
 * @param participantsMax most participants per meeting
 * @param durationMin shortest meeting (simulated)
 * @param durationMax longest meeting (simulated)
 * @param degradedShare fraction of participants on a bad network (higher latency, jitter, loss)
 * @param headerOmission whether rate-limit headers are left out, so clients must read bodies
 * @param pastDataDelay simulated delay after a meeting's end before {@code type=past} answers
 * @param retention simulated time an ended meeting (and its ground truth) is kept
 * @param perSecondLimit Heavy requests admitted per account in any trailing real second
 * @param dailyLimit Heavy requests per account per simulated UTC day
 * @param tokenTtl real lifetime of an OAuth access token ({@code expires_in})
 * @param pageTokenTtl simulated lifetime of a {@code next_page_token}
 * @param webhookEnabled whether webhooks are sent at all
 * @param webhookUrl where webhooks go; blank = this process's own {@code /webhooks/zoom}
 * @param webhookTick real interval at which due webhook events are collected
 * @param webhookTimeout real time a delivery may take before it counts as failed (Zoom: 3 s)
 * @param webhookRetries retries of a delivery without 2xx (bounded)
 * @param webhookRetryBackoff first real back-off between retries (doubles each time)
 * @param webhookConcurrency deliveries in flight at once
 * @param webhookQueue batches (one per tick) waiting for delivery before the oldest are dropped
 * @param requestLogCapacity requests kept in the ring buffer (counters are kept for all)
 * @param lifecycleLoss share of {@code meeting.started} and of {@code meeting.ended} webhooks never
 *     delivered (each kind on its own: the 1st, then every 1/share-th), so that reconciliation is exercised
 * @param listMeetingsPerMinute List meetings (Resource-intensive) calls per account per trailing real minute (Zoom: 10 Pro, 20 Business+)
 * @param qssAccounts accounts that have Zoom's QSS add-on: their participants' QoS is also pushed as
 *     {@code meeting.participant_qos} events (values = the ground truth) and a
 *     {@code meeting.participant_qos_summary} when each participant leaves
 * @param qssEventsPerMinute QSS events per participant-minute (Zoom's docs say 1 or 4-6); each carries
 *     that minute's values, {@code date_time} spread over the minute
 * @param websocketAccounts accounts whose events (lifecycle and QSS) go over the WebSocket event
 *     endpoint instead of webhooks, as for a Zoom app subscribed with WebSockets
 */
@Validated
@ConfigurationProperties("qos.simulator")
public record SimulatorProperties(
        List<SimulatedZoom.Account> accounts,
        @DefaultValue("42") long seed,
        @Positive @DefaultValue("1.0") double timeScale,
        Instant startTime,
        @Min(1) @DefaultValue("50") int meetings,
        @NotNull @DefaultValue("45m") Duration startWindow,
        @DefaultValue("true") boolean continuous,
        @Min(1) @DefaultValue("7") int participantsMin,
        @Min(1) @DefaultValue("10") int participantsMax,
        @NotNull @DefaultValue("30m") Duration durationMin,
        @NotNull @DefaultValue("60m") Duration durationMax,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.2") double degradedShare,
        @NotNull @DefaultValue("never") HeaderOmission headerOmission,
        @NotNull @DefaultValue("2m") Duration pastDataDelay,
        @NotNull @DefaultValue("24h") Duration retention,
        @Min(1) @DefaultValue("16") int perSecondLimit,
        @Min(1) @DefaultValue("60000") long dailyLimit,
        @NotNull @DefaultValue("3600s") Duration tokenTtl,
        @NotNull @DefaultValue("15m") Duration pageTokenTtl,
        @DefaultValue("true") boolean webhookEnabled,
        String webhookUrl,
        @NotNull @DefaultValue("250ms") Duration webhookTick,
        @NotNull @DefaultValue("3s") Duration webhookTimeout,
        @Min(0) @DefaultValue("3") int webhookRetries,
        @NotNull @DefaultValue("1s") Duration webhookRetryBackoff,
        @Min(1) @DefaultValue("8") int webhookConcurrency,
        @Min(1) @DefaultValue("10000") int webhookQueue,
        @Min(1) @DefaultValue("100000") int requestLogCapacity,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.0") double lifecycleLoss,
        @Min(1) @DefaultValue("20") int listMeetingsPerMinute,
        List<String> qssAccounts,
        @Min(1) @Max(60) @DefaultValue("1") int qssEventsPerMinute,
        List<String> websocketAccounts) {

    /** Whether a response leaves out Zoom's {@code X-RateLimit-*} / {@code Retry-After} headers. */
    public enum HeaderOmission {
        /** Always sent. */
        NEVER,
        /** Left out of about half the responses (seeded), as Zoom did on some 429s. */
        SOMETIMES,
        /** Never sent: the body text is all a client has. */
        ALWAYS
    }

    /** The account the simulator plays when none is configured. */
    public static final String DEFAULT_ACCOUNT_ID = "demo-account";

    /** Not a secret: it signs simulated webhooks only, never anything Zoom sends. */
    public static final String DEFAULT_WEBHOOK_SECRET = "simulator-webhook-secret-not-for-zoom";

    public SimulatorProperties {
        accounts = accounts == null || accounts.isEmpty()
                ? List.of(new SimulatedZoom.Account(DEFAULT_ACCOUNT_ID, DEFAULT_WEBHOOK_SECRET)) : List.copyOf(accounts);
        qssAccounts = qssAccounts == null ? List.of() : List.copyOf(qssAccounts);
        websocketAccounts = websocketAccounts == null ? List.of() : List.copyOf(websocketAccounts);
        if (qssEventsPerMinute < 1 || qssEventsPerMinute > 60) {
            throw new IllegalArgumentException("qos.simulator.qss-events-per-minute must be 1..60");
        }
        if (participantsMax < participantsMin) {
            throw new IllegalArgumentException("qos.simulator.participants-max must be >= participants-min");
        }
        if (durationMin.toMinutes() < 3 || durationMax.compareTo(durationMin) < 0) {
            throw new IllegalArgumentException("qos.simulator.duration-min must be >= 3m and duration-max >= duration-min");
        }
        if (startWindow.isZero() || startWindow.isNegative()) {
            throw new IllegalArgumentException("qos.simulator.start-window must be positive");
        }
    }

    /** The defaults of the annotations below, for tests and benchmarks that run without Spring. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.accounts = accounts;
        b.seed = seed;
        b.timeScale = timeScale;
        b.startTime = startTime;
        b.meetings = meetings;
        b.startWindow = startWindow;
        b.continuous = continuous;
        b.participantsMin = participantsMin;
        b.participantsMax = participantsMax;
        b.durationMin = durationMin;
        b.durationMax = durationMax;
        b.degradedShare = degradedShare;
        b.headerOmission = headerOmission;
        b.pastDataDelay = pastDataDelay;
        b.retention = retention;
        b.perSecondLimit = perSecondLimit;
        b.dailyLimit = dailyLimit;
        b.tokenTtl = tokenTtl;
        b.pageTokenTtl = pageTokenTtl;
        b.webhookEnabled = webhookEnabled;
        b.webhookUrl = webhookUrl;
        b.webhookTick = webhookTick;
        b.webhookTimeout = webhookTimeout;
        b.webhookRetries = webhookRetries;
        b.webhookRetryBackoff = webhookRetryBackoff;
        b.webhookConcurrency = webhookConcurrency;
        b.webhookQueue = webhookQueue;
        b.requestLogCapacity = requestLogCapacity;
        b.lifecycleLoss = lifecycleLoss;
        b.listMeetingsPerMinute = listMeetingsPerMinute;
        b.qssAccounts = qssAccounts;
        b.qssEventsPerMinute = qssEventsPerMinute;
        b.websocketAccounts = websocketAccounts;
        return b;
    }

    /** Mutable builder with the same defaults as the annotations above. */
    public static final class Builder {
        private List<SimulatedZoom.Account> accounts = List.of();
        private long seed = 42;
        private double timeScale = 1.0;
        private Instant startTime;
        private int meetings = 50;
        private Duration startWindow = Duration.ofMinutes(45);
        private boolean continuous = true;
        private int participantsMin = 7;
        private int participantsMax = 10;
        private Duration durationMin = Duration.ofMinutes(30);
        private Duration durationMax = Duration.ofMinutes(60);
        private double degradedShare = 0.2;
        private HeaderOmission headerOmission = HeaderOmission.NEVER;
        private Duration pastDataDelay = Duration.ofMinutes(2);
        private Duration retention = Duration.ofHours(24);
        private int perSecondLimit = 16;
        private long dailyLimit = 60_000;
        private Duration tokenTtl = Duration.ofSeconds(3600);
        private Duration pageTokenTtl = Duration.ofMinutes(15);
        private boolean webhookEnabled = true;
        private String webhookUrl;
        private Duration webhookTick = Duration.ofMillis(250);
        private Duration webhookTimeout = Duration.ofSeconds(3);
        private int webhookRetries = 3;
        private Duration webhookRetryBackoff = Duration.ofSeconds(1);
        private int webhookConcurrency = 8;
        private int webhookQueue = 10_000;
        private double lifecycleLoss = 0.0;
        private int listMeetingsPerMinute = 20;
        private int requestLogCapacity = 100_000;
        private List<String> qssAccounts = List.of();
        private int qssEventsPerMinute = 1;
        private List<String> websocketAccounts = List.of();

        public Builder accounts(List<SimulatedZoom.Account> v) { accounts = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder timeScale(double v) { timeScale = v; return this; }
        public Builder startTime(Instant v) { startTime = v; return this; }
        public Builder meetings(int v) { meetings = v; return this; }
        public Builder startWindow(Duration v) { startWindow = v; return this; }
        public Builder continuous(boolean v) { continuous = v; return this; }
        public Builder participants(int min, int max) { participantsMin = min; participantsMax = max; return this; }
        public Builder duration(Duration min, Duration max) { durationMin = min; durationMax = max; return this; }
        public Builder degradedShare(double v) { degradedShare = v; return this; }
        public Builder headerOmission(HeaderOmission v) { headerOmission = v; return this; }
        public Builder pastDataDelay(Duration v) { pastDataDelay = v; return this; }
        public Builder retention(Duration v) { retention = v; return this; }
        public Builder perSecondLimit(int v) { perSecondLimit = v; return this; }
        public Builder dailyLimit(long v) { dailyLimit = v; return this; }
        public Builder tokenTtl(Duration v) { tokenTtl = v; return this; }
        public Builder pageTokenTtl(Duration v) { pageTokenTtl = v; return this; }
        public Builder webhookEnabled(boolean v) { webhookEnabled = v; return this; }
        public Builder webhookUrl(String v) { webhookUrl = v; return this; }
        public Builder webhookTick(Duration v) { webhookTick = v; return this; }
        public Builder webhookTimeout(Duration v) { webhookTimeout = v; return this; }
        public Builder webhookRetries(int v) { webhookRetries = v; return this; }
        public Builder webhookRetryBackoff(Duration v) { webhookRetryBackoff = v; return this; }
        public Builder webhookConcurrency(int v) { webhookConcurrency = v; return this; }
        public Builder webhookQueue(int v) { webhookQueue = v; return this; }
        public Builder requestLogCapacity(int v) { requestLogCapacity = v; return this; }
        public Builder lifecycleLoss(double v) { lifecycleLoss = v; return this; }
        public Builder listMeetingsPerMinute(int v) { listMeetingsPerMinute = v; return this; }
        public Builder qssAccounts(List<String> v) { qssAccounts = v; return this; }
        public Builder qssEventsPerMinute(int v) { qssEventsPerMinute = v; return this; }
        public Builder websocketAccounts(List<String> v) { websocketAccounts = v; return this; }

        public SimulatorProperties build() {
            return new SimulatorProperties(accounts, seed, timeScale, startTime, meetings, startWindow, continuous,
                    participantsMin, participantsMax, durationMin, durationMax, degradedShare, headerOmission,
                    pastDataDelay, retention, perSecondLimit, dailyLimit, tokenTtl, pageTokenTtl, webhookEnabled,
                    webhookUrl, webhookTick, webhookTimeout, webhookRetries, webhookRetryBackoff, webhookConcurrency,
                    webhookQueue, requestLogCapacity, lifecycleLoss, listMeetingsPerMinute, qssAccounts, qssEventsPerMinute,
                    websocketAccounts);
        }
    }
}
