package io.zoomqos.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The fake Zoom, without any HTTP: OAuth tokens, the Dashboard QoS and participant endpoints,
 * Zoom's limits per account, the scenario and its events. A thin router ({@link SimulatorRouter})
 * puts it on a WebFlux server; tests call {@link #handle} directly.
 *
 * <p>This class wires the parts and is the simulator's public face; each part has one job:
 * {@link MeetingPopulation} (which meetings exist when), {@link ZoomApi} (routes a request:
 * {@link OAuthTokens}, {@link RateLimits}, {@link MeetingParticipantEndpoints},
 * {@link ListMeetingsEndpoint}, {@link Paging}), {@link EventTimeline} (every lifecycle and QSS
 * event), {@link EventDelivery} (each channel's due events, less the lost ones) and
 * {@link RequestLog}. Their documentation states the choices made where Zoom's is silent.
 * Thread-safe: state changes are short critical sections; rendering runs outside them.
 */
public final class SimulatedZoom {

    /** QSS per-minute QoS of one participant (docs/zoom-api.md 5.2). */
    public static final String QSS_EVENT = "meeting.participant_qos";
    /** QSS min/avg/max of one participant, when it leaves. */
    public static final String QSS_SUMMARY_EVENT = "meeting.participant_qos_summary";

    /** An account the simulator plays: any credentials are accepted for it. */
    public record Account(String id, String webhookSecret) {
        @Override
        public String toString() {
            return "Account[id=" + id + ", webhookSecret=<hidden>]";
        }
    }

    /** How an account's events reach the collector: a Zoom app subscribes with webhooks or with WebSockets. */
    public enum Delivery {
        /** Signed HTTP POSTs ({@link WebhookDriver}). */
        WEBHOOK,
        /** Frames on the WebSocket event endpoint ({@link SimulatedEventSocket}). */
        WEBSOCKET
    }

    private final SimulatorProperties properties;
    private final Clock real;
    private final SimulatedClock clock;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final QosGenerator qos;
    private final RequestLog log;
    private final MeetingPopulation population;
    private final OAuthTokens tokens;
    private final RateLimits limits;
    private final ZoomApi api;
    private final EventTimeline timeline;
    private final EventDelivery delivery;

    public SimulatedZoom(SimulatorProperties properties, List<Account> accounts, Clock realClock) {
        this(properties, accounts, realClock, List.of());
    }

    /**
     * Plays {@code schedule} (sorted by start) instead of the generated waves: exactly those
     * meetings, each of the given start, length and size; the seed still decides everything else.
     */
    public SimulatedZoom(SimulatorProperties properties, List<Account> accounts, Clock realClock,
                         List<ScheduledMeeting> schedule) {
        this.properties = properties;
        this.real = realClock;
        Instant origin = properties.startTime() != null ? properties.startTime()
                : realClock.instant().truncatedTo(ChronoUnit.MINUTES);
        this.clock = new SimulatedClock(realClock, origin, properties.timeScale());
        accounts.forEach(a -> this.accounts.put(a.id(), a));
        List<String> accountIds = List.copyOf(this.accounts.keySet());
        this.qos = new QosGenerator(properties.seed());
        this.log = new RequestLog(properties.requestLogCapacity());
        this.population = new MeetingPopulation(
                new ScenarioGenerator(properties, accounts.stream().map(Account::id).toList(), origin, schedule),
                properties.retention());
        SharedRandom random = new SharedRandom(properties.seed());
        this.tokens = new OAuthTokens(this.accounts.keySet(), properties.tokenTtl(), random);
        this.limits = new RateLimits(properties, log, random);
        Paging paging = new Paging(properties.pageTokenTtl(), random);
        this.api = new ZoomApi(tokens, limits,
                new MeetingParticipantEndpoints(population, paging, qos, properties.pastDataDelay()),
                new ListMeetingsEndpoint(population, clock, limits, paging, properties.pastDataDelay()));
        this.timeline = new EventTimeline(properties, population, qos);
        this.delivery = new EventDelivery(timeline, clock, accountIds, properties.lifecycleLoss(), origin);
    }

    /** The simulated clock: meeting schedules, QoS minutes, page-token expiry, daily reset. */
    public SimulatedClock clock() {
        return clock;
    }

    public SimulatorProperties properties() {
        return properties;
    }

    public List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    public Optional<String> webhookSecret(String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).map(Account::webhookSecret);
    }

    public RequestLog requestLog() {
        return log;
    }

    /** What can be served as of now (simulated). */
    public GroundTruth groundTruth() {
        Instant now = clock.instant();
        return new GroundTruth(now, population.startedBy(now), qos);
    }

    /** Daily Heavy requests left for the account in the current simulated UTC day. */
    public long dailyRemaining(String accountId) {
        return limits.dailyRemaining(accountId, clock.instant());
    }

    // ---------------------------------------------------------------- events

    /** The delivery the account's events take ({@code websocket-accounts}). */
    public Delivery delivery(String accountId) {
        return timeline.delivery(accountId);
    }

    /** Whether the account has the QSS add-on ({@code qss-accounts}): its QoS is also pushed as events. */
    public boolean hasQss(String accountId) {
        return timeline.hasQss(accountId);
    }

    /**
     * Every event (lifecycle, and QSS for QSS accounts) with simulated time in {@code (from, to]},
     * in time order, whatever its delivery. Pure: no state changes.
     */
    public List<WebhookEvent> webhookEvents(Instant fromExclusive, Instant toInclusive) {
        return timeline.events(fromExclusive, toInclusive, null);
    }

    /** The webhook-delivered events that became due since the previous call (simulated time), each exactly once. */
    public List<WebhookEvent> drainDueWebhooks() {
        return drainDue(Delivery.WEBHOOK);
    }

    /**
     * The events of the accounts with this delivery that became due since the previous call for it
     * (simulated time), each exactly once, less the lifecycle events {@code lifecycleLoss} drops.
     */
    public List<WebhookEvent> drainDue(Delivery channel) {
        return delivery.drainDue(channel);
    }

    /** The lifecycle webhooks {@code lifecycleLoss} kept from being delivered, in order. */
    public List<WebhookEvent> lostWebhooks() {
        return delivery.lost();
    }

    // ---------------------------------------------------------------- requests

    /** Answers one request the way Zoom would, and logs it. */
    public SimResponse handle(SimRequest request) {
        Instant realNow = real.instant();
        Instant simNow = clock.instant();
        Outcome outcome = api.answer(request, realNow, simNow);
        // Only configured accounts are named: an arbitrary account_id must not grow the counters.
        String account = outcome.accountId() != null && accounts.containsKey(outcome.accountId())
                ? outcome.accountId() : null;
        log.add(new RequestLog.Entry(realNow, simNow, request.method(), request.path(), account,
                outcome.response().status(), outcome.limitType()));
        return outcome.response();
    }

    /** The account of an access token this simulator issued and that is not expired at {@code realNow}; null otherwise. */
    public @Nullable String tokenAccount(String accessToken, Instant realNow) {
        return tokens.account(accessToken, realNow);
    }
}
