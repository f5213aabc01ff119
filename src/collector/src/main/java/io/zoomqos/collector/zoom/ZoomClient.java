package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import io.zoomqos.collector.ratelimit.Priority;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zoom's dashboard QoS endpoints for the collector. Every HTTP request takes one permit of the
 * account's {@link io.zoomqos.collector.ratelimit.AccountBudget} first (each page, each retry);
 * see {@link ZoomExchange} for token, 401, retry and 429 handling. Failures are
 * {@link ZoomApiException}s. Nothing blocks; nothing runs before subscription.
 */
public class ZoomClient {

    static final String PARTICIPANTS_QOS = "participants_qos";
    static final String PARTICIPANT_QOS = "participant_qos";
    static final String PARTICIPANTS = "participants";
    static final String MEETINGS_LIVE = "meetings_live";
    static final String MEETINGS_PAST = "meetings_past";
    /** List meetings' {@code from} / {@code to} (docs/zoom-api.md 1.5, the 2023 snapshot), in UTC. */
    private static final java.time.format.DateTimeFormatter MEETINGS_RANGE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
    /** Zoom's maximum for List meetings (docs/zoom-api.md, section 1.5). */
    static final int MEETINGS_PAGE_SIZE = 300;
    /** Zoom's maximum for the QoS list (docs/zoom-api.md#qos-endpoints). */
    static final int QOS_PAGE_SIZE = 10;
    /** Zoom's maximum for the participants list (docs/zoom-api.md#qos-endpoints). */
    static final int PARTICIPANTS_PAGE_SIZE = 300;

    private static final Logger log = LoggerFactory.getLogger(ZoomClient.class);

    /**
     * Marks every request of the decorated call as part of an end-of-meeting sweep, which may use
     * the account's daily reserve and goes before waiting live polls:
     * {@code client.participantsQosPages(...).contextWrite(ZoomClient.SWEEP)}.
     */
    public static final Context SWEEP = Context.of(Priority.class, Priority.SWEEP);

    /** Background work (reconciliation, {@link #liveMeetings}): it waits behind all other calls. */
    public static final Context BACKGROUND = Context.of(Priority.class, Priority.BACKGROUND);

    /**
     * An S2S access token for a connection of our own (the WebSocket event subscription).
     *
     * @param value the bearer token; secret, see {@link #toString()}
     * @param renewAt from here on the token is renewed: a connection opened with it should be renewed by then
     */
    public record AccessToken(String value, java.time.Instant renewAt) {

        @Override
        public String toString() {
            return "AccessToken[renewAt=" + renewAt + "]";
        }
    }

    private final ZoomTokenProvider tokens;
    private final ZoomExchange exchange;
    private final QosRecordMapper mapper;
    private final ZoomClientProperties properties;

    /**
     * Counting no calls (tests of the client alone).
     *
     * @param scheduler runs retry backoffs and request timeouts (a {@code VirtualTimeScheduler} in tests)
     */
    public ZoomClient(ZoomEndpoints endpoints, ZoomAccounts accounts, AccountBudgets budgets,
                      ZoomClientProperties properties, MeterRegistry registry, Clock clock, Scheduler scheduler) {
        this(endpoints, accounts, budgets, properties, registry, clock, scheduler, (account, kind) -> { });
    }

    /**
     * @param scheduler runs retry backoffs and request timeouts (a {@code VirtualTimeScheduler} in tests)
     * @param sent told of every request as it leaves, by account and kind ({@link CallLedger})
     */
    public ZoomClient(ZoomEndpoints endpoints, ZoomAccounts accounts, AccountBudgets budgets,
                      ZoomClientProperties properties, MeterRegistry registry, Clock clock, Scheduler scheduler,
                      java.util.function.BiConsumer<String, CallKind> sent) {
        this.properties = properties;
        JsonMapper json = JsonMapper.builder().build();
        ZoomHttp http = new ZoomHttp(ZoomHttp.webClient(properties), properties.requestTimeout(), scheduler);
        ZoomResponseClassifier classifier = new ZoomResponseClassifier(json);
        ZoomRequestMetrics metrics = new ZoomRequestMetrics(registry);
        ZoomTokenProvider tokens = new ZoomTokenProvider(http, endpoints, accounts, classifier, metrics,
                properties.tokenRefreshMargin(), clock);
        this.tokens = tokens;
        this.exchange = new ZoomExchange(http, endpoints, tokens, budgets, classifier, metrics, properties, clock,
                scheduler, sent);
        this.mapper = new QosRecordMapper(new QosValueParser(registry));
    }

    /**
     * The account's current S2S token (cached and single-flight like the API's own; token requests
     * take no permit of the budget).
     */
    public Mono<AccessToken> accessToken(String accountId) {
        return tokens.token(accountId).map(t -> new AccessToken(t.accessToken(), t.renewAt()));
    }

    /**
     * One page of List meeting participants QoS ({@code page_size=10}): one permit.
     *
     * @param meetingId meeting ID or UUID, unencoded (encoded here, twice when Zoom requires it)
     * @param nextPageToken null for the first page
     */
    public Mono<QosPage> participantsQosPage(String accountId, String meetingId, MetricsType type,
                                             String nextPageToken) {
        return Mono.defer(() -> exchange.get(accountId, PARTICIPANTS_QOS,
                        "/metrics/meetings/" + ZoomPaths.meetingSegment(meetingId) + "/participants/qos?type="
                                + type.query() + "&page_size=" + QOS_PAGE_SIZE + tokenParam(nextPageToken)))
                .map(mapper::qosPage);
    }

    /**
     * Every page of List meeting participants QoS, in order, one permit per page. When Zoom
     * rejects a {@code next_page_token} (expired after 15 minutes, code 300) the walk starts again
     * from page 1, at most {@code maxPageTokenRestarts} times: pages already emitted are then
     * emitted again (the store writes idempotently, so repeats are harmless).
     */
    public Flux<QosPage> participantsQosPages(String accountId, String meetingId, MetricsType type) {
        return walk(accountId, meetingId, PARTICIPANTS_QOS,
                token -> participantsQosPage(accountId, meetingId, type, token), QosPage::nextPageToken, 0);
    }

    /** {@link #participantsQosPages} flattened to participants (same repeats after a restart). */
    public Flux<ParticipantQos> participantsQos(String accountId, String meetingId, MetricsType type) {
        return participantsQosPages(accountId, meetingId, type).concatMapIterable(QosPage::participants);
    }

    /**
     * Get a meeting participant's QoS: one permit.
     *
     * @param participantId the participant's per-meeting {@code user_id}
     */
    public Mono<ParticipantQos> participantQos(String accountId, String meetingId, String participantId,
                                               MetricsType type) {
        return Mono.defer(() -> exchange.get(accountId, PARTICIPANT_QOS,
                        "/metrics/meetings/" + ZoomPaths.meetingSegment(meetingId) + "/participants/"
                                + ZoomPaths.encode(participantId) + "/qos?type=" + type.query()))
                .map(mapper::participantQos);
    }

    /**
     * List meeting participants ({@code page_size=300}), every page, one permit per page; one
     * element per join. Restarts after an expired page token like {@link #participantsQosPages}.
     */
    public Flux<MeetingParticipant> participants(String accountId, String meetingId, MetricsType type) {
        Function<String, Mono<QosRecordMapper.ParticipantsPage>> page = token -> Mono.defer(() -> exchange.get(
                        accountId, PARTICIPANTS, "/metrics/meetings/" + ZoomPaths.meetingSegment(meetingId)
                                + "/participants?type=" + type.query() + "&page_size=" + PARTICIPANTS_PAGE_SIZE
                                + tokenParam(token)))
                .map(mapper::participantsPage);
        return walk(accountId, meetingId, PARTICIPANTS, page, QosRecordMapper.ParticipantsPage::nextPageToken, 0)
                .concatMapIterable(QosRecordMapper.ParticipantsPage::participants);
    }

    /**
     * Dashboard List meetings {@code type=live}, every page (one permit each; Resource-intensive:
     * Zoom counts it against its own per-minute limit and the shared daily pool). {@code from} /
     * {@code to} are required by Zoom: yesterday and today (UTC), so a meeting that started before
     * midnight is listed too. At {@link Priority#BACKGROUND}, whatever the caller's context.
     */
    public Flux<LiveMeeting> liveMeetings(String accountId, java.time.LocalDate today) {
        String range = "&from=" + today.minusDays(1) + "&to=" + today;
        Function<String, Mono<QosRecordMapper.LiveMeetingsPage>> page = token -> Mono.defer(() -> exchange.get(
                        accountId, MEETINGS_LIVE, "/metrics/meetings?type=live&page_size=" + MEETINGS_PAGE_SIZE + range
                                + tokenParam(token)))
                .map(mapper::liveMeetingsPage);
        return walk(accountId, "-", MEETINGS_LIVE, page, QosRecordMapper.LiveMeetingsPage::nextPageToken, 0)
                .concatMapIterable(QosRecordMapper.LiveMeetingsPage::meetings)
                // Only reconciliation asks: it waits behind every live poll and sweep.
                .contextWrite(BACKGROUND);
    }

    /**
     * Dashboard List meetings {@code type=past&query_date_type=end_time}: the meetings that ended
     * in {@code [from, to]} (UTC, to the second), every page (one permit each; Resource-intensive
     * like {@link #liveMeetings}). At {@link Priority#BACKGROUND}, whatever the caller's context.
     */
    public Flux<PastMeeting> pastMeetings(String accountId, java.time.Instant from, java.time.Instant to) {
        String range = "&query_date_type=end_time&from=" + ZoomPaths.encode(MEETINGS_RANGE.format(from))
                + "&to=" + ZoomPaths.encode(MEETINGS_RANGE.format(to));
        Function<String, Mono<QosRecordMapper.PastMeetingsPage>> page = token -> Mono.defer(() -> exchange.get(
                        accountId, MEETINGS_PAST, "/metrics/meetings?type=past&page_size=" + MEETINGS_PAGE_SIZE + range
                                + tokenParam(token)))
                .map(mapper::pastMeetingsPage);
        return walk(accountId, "-", MEETINGS_PAST, page, QosRecordMapper.PastMeetingsPage::nextPageToken, 0)
                .concatMapIterable(QosRecordMapper.PastMeetingsPage::meetings)
                .contextWrite(BACKGROUND);
    }

    private <P> Flux<P> walk(String accountId, String meetingId, String endpoint, Function<String, Mono<P>> page,
                             Function<P, String> next, int restarts) {
        return Flux.defer(() -> {
            AtomicInteger pages = new AtomicInteger(1);
            return page.apply(null).expand(p -> {
                String token = next.apply(p);
                if (token == null || token.isBlank()) {
                    return Mono.empty();
                }
                if (pages.incrementAndGet() > properties.maxPages()) {
                    return Mono.error(new ZoomBadResponseException("more than " + properties.maxPages()
                            + " pages (qos.zoom.client.max-pages)", endpoint, 0, null, null));
                }
                return page.apply(token);
            });
        }).onErrorResume(PageTokenExpiredException.class, e -> {
            if (restarts >= properties.maxPageTokenRestarts()) {
                return Flux.error(e);
            }
            log.info("zoom page token rejected, restarting from page 1 account={} meeting={} endpoint={} restart={}",
                    accountId, meetingId, endpoint, restarts + 1);
            return walk(accountId, meetingId, endpoint, page, next, restarts + 1);
        });
    }

    private static String tokenParam(String nextPageToken) {
        return nextPageToken == null || nextPageToken.isBlank() ? ""
                : "&next_page_token=" + ZoomPaths.encode(nextPageToken);
    }
}
