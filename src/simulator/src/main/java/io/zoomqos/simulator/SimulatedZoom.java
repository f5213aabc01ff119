package io.zoomqos.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The fake Zoom, without any HTTP: OAuth tokens, the Dashboard QoS and participant endpoints,
 * Zoom's Heavy limits per account, the scenario and its webhooks. A thin router
 * ({@link SimulatorRouter}) puts it on a WebFlux server; tests call {@link #handle} directly.
 *
 * <p>Behaviour where Zoom's documentation is silent (documented choices):
 * <ul>
 *   <li>{@code type=live} answers for started, not yet ended meetings with the full minute
 *       history so far; for an ended meeting it is 404 {@code {"code":3001}} (not live).</li>
 *   <li>{@code type=past} is 404/3001 until {@code end + pastDataDelay}.</li>
 *   <li>Only admitted Heavy requests count against both limits; a 429 consumes nothing. A
 *       401 (bad token) is not a Heavy call. 400/404 answers of the Heavy endpoints do count.</li>
 *   <li>{@code page_size} above the maximum is clamped; an expired or foreign
 *       {@code next_page_token} is 400 {@code {"code":300}}.</li>
 *   <li>A meeting UUID containing {@code /} must arrive double-encoded; single-encoded it
 *       resolves to nothing (404/3001), as a slash in a path would at Zoom.</li>
 * </ul>
 * Thread-safe: state changes are short critical sections; rendering runs outside them.
 */
public final class SimulatedZoom {

    /** QSS per-minute QoS of one participant (docs/zoom-api.md 5.2). */
    public static final String QSS_EVENT = "meeting.participant_qos";
    /** QSS min/avg/max of one participant, when it leaves. */
    public static final String QSS_SUMMARY_EVENT = "meeting.participant_qos_summary";
    public static final String CATEGORY_HEADER = "X-RateLimit-Category";
    public static final String TYPE_HEADER = "X-RateLimit-Type";
    public static final String LIMIT_HEADER = "X-RateLimit-Limit";
    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    public static final String RETRY_AFTER_HEADER = "Retry-After";
    public static final String PER_SECOND_MESSAGE =
            "You have reached the maximum per-second rate limit for this API. Try again later.";
    public static final String DAILY_MESSAGE = "You have reached the maximum daily rate limit for this API. "
            + "Refer to the response header for details on when you can make another request.";

    /** An account the simulator plays: any credentials are accepted for it. */
    public record Account(String id, String webhookSecret) {
        @Override
        public String toString() {
            return "Account[id=" + id + ", webhookSecret=<hidden>]";
        }
    }

    private record Token(String accountId, Instant expiresAt) {
    }

    private record Cursor(String accountId, String meetingUuid, String endpoint, String type, int offset,
                          Instant createdAt) {
    }

    private static final class Limits {
        final RequestLog.SlidingSecond window = new RequestLog.SlidingSecond();
        LocalDate day;
        long usedToday;
    }

    private final SimulatorProperties properties;
    private final Clock real;
    private final SimulatedClock clock;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final ScenarioGenerator scenario;
    private final QosGenerator qos;
    private final RequestLog log;

    private final TreeMap<Integer, SimMeeting> meetings = new TreeMap<>();
    private final Map<String, SimMeeting> byUuid = new HashMap<>();
    private int nextIndex;
    private final Map<String, Token> tokens = new HashMap<>();
    private final LinkedHashMap<String, Cursor> cursors = new LinkedHashMap<>();
    private final Map<String, Limits> limits = new HashMap<>();
    private final SplittableRandom random;
    /** Per delivery, the simulated instant up to which due events were handed out. */
    private final Map<Delivery, Instant> drainedUntil = new java.util.EnumMap<>(Delivery.class);
    /** Lifecycle webhooks seen per kind (for {@code lifecycleLoss}) and the ones never delivered. */
    private final Map<String, Long> lifecycleSeen = new HashMap<>();
    private final List<WebhookEvent> lost = new ArrayList<>();
    /** Real times of List meetings calls per account in the trailing minute (Resource-intensive limit). */
    private final Map<String, java.util.ArrayDeque<Long>> listMeetingsCalls = new HashMap<>();

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
        this.scenario = new ScenarioGenerator(properties, accounts.stream().map(Account::id).toList(), origin,
                schedule);
        this.qos = new QosGenerator(properties.seed());
        this.log = new RequestLog(properties.requestLogCapacity());
        this.random = Seeds.random(properties.seed(), 9);
        for (Delivery d : Delivery.values()) {
            this.drainedUntil.put(d, origin.minusNanos(1));
        }
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
    public synchronized GroundTruth groundTruth() {
        Instant now = clock.instant();
        materialize(now);
        List<SimMeeting> started = meetings.values().stream().filter(m -> m.startedBy(now)).toList();
        return new GroundTruth(now, started, qos);
    }

    /** Daily Heavy requests left for the account in the current simulated UTC day. */
    public synchronized long dailyRemaining(String accountId) {
        Limits l = limits(accountId, clock.instant());
        return Math.max(0, properties.dailyLimit() - l.usedToday);
    }

    // ---------------------------------------------------------------- events

    /** How an account's events reach the collector: a Zoom app subscribes with webhooks or with WebSockets. */
    public enum Delivery {
        /** Signed HTTP POSTs ({@link WebhookDriver}). */
        WEBHOOK,
        /** Frames on the WebSocket event endpoint ({@link SimulatedEventSocket}). */
        WEBSOCKET
    }

    /** The delivery the account's events take ({@code websocket-accounts}). */
    public Delivery delivery(String accountId) {
        return properties.websocketAccounts().contains(accountId) ? Delivery.WEBSOCKET : Delivery.WEBHOOK;
    }

    /** Whether the account has the QSS add-on ({@code qss-accounts}): its QoS is also pushed as events. */
    public boolean hasQss(String accountId) {
        return properties.qssAccounts().contains(accountId);
    }

    /**
     * Every event (lifecycle, and QSS for QSS accounts) with simulated time in {@code (from, to]},
     * in time order, whatever its delivery. Pure: no state changes.
     */
    public synchronized List<WebhookEvent> webhookEvents(Instant fromExclusive, Instant toInclusive) {
        return events(fromExclusive, toInclusive, null);
    }

    private List<WebhookEvent> events(Instant fromExclusive, Instant toInclusive, @Nullable Delivery only) {
        materialize(toInclusive);
        List<WebhookEvent> out = new ArrayList<>();
        for (SimMeeting m : meetings.values()) {
            if (m.start().isAfter(toInclusive) || !m.end().isAfter(fromExclusive)
                    || (only != null && delivery(m.accountId()) != only)) {
                continue;
            }
            boolean qss = hasQss(m.accountId());
            add(out, m, null, "meeting.started", m.start(), fromExclusive, toInclusive);
            for (SimParticipant p : m.participants()) {
                add(out, m, p, "meeting.participant_joined", p.join(), fromExclusive, toInclusive);
                add(out, m, p, "meeting.participant_left", p.leave(), fromExclusive, toInclusive);
                if (qss) {
                    addQss(out, m, p, fromExclusive, toInclusive);
                }
            }
            add(out, m, null, "meeting.ended", m.end(), fromExclusive, toInclusive);
        }
        out.sort(Comparator.comparing(WebhookEvent::at).thenComparing(e -> order(e.event())));
        return out;
    }

    /**
     * The participant's QSS events in the window: for each minute {@code t} that has a sample
     * ({@link QosGenerator#minutes}), {@code qssEventsPerMinute} events at {@code t}, {@code t + 60s/n},
     * ... (none after the leave), each carrying minute {@code t}'s ground-truth values; and the
     * summary at the leave.
     */
    private void addQss(List<WebhookEvent> out, SimMeeting m, SimParticipant p, Instant from, Instant to) {
        int n = properties.qssEventsPerMinute();
        Duration step = Duration.ofNanos(Duration.ofMinutes(1).toNanos() / n);
        // Only the minutes whose events can fall in the window: from the minute before `from` on.
        Instant earliest = from.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        for (Instant minute : QosGenerator.minutes(p, to)) {
            if (minute.isBefore(earliest)) {
                continue;
            }
            SimSample sample = null;
            for (int i = 0; i < n; i++) {
                Instant at = minute.plus(step.multipliedBy(i));
                if (at.isAfter(p.leave()) || at.isAfter(to)) {
                    break;
                }
                if (at.isAfter(from)) {
                    if (sample == null) {
                        sample = qos.sample(m, p, minute);
                    }
                    out.add(new WebhookEvent(m.accountId(), QSS_EVENT, at, m.uuid(), ZoomRenderer.qss(at, m, p, sample)));
                }
            }
        }
        if (p.leave().isAfter(from) && !p.leave().isAfter(to)) {
            out.add(new WebhookEvent(m.accountId(), QSS_SUMMARY_EVENT, p.leave(), m.uuid(),
                    ZoomRenderer.qssSummary(p.leave(), m, p, qos.samples(m, p, p.leave()))));
        }
    }

    /** The webhook-delivered events that became due since the previous call (simulated time), each exactly once. */
    public List<WebhookEvent> drainDueWebhooks() {
        return drainDue(Delivery.WEBHOOK);
    }

    /**
     * The events of the accounts with this delivery that became due since the previous call for it
     * (simulated time), each exactly once, less the lifecycle events {@code lifecycleLoss} drops.
     */
    public synchronized List<WebhookEvent> drainDue(Delivery channel) {
        Instant now = clock.instant();
        Instant drainedUntil = this.drainedUntil.get(channel);
        if (!now.isAfter(drainedUntil)) {
            return List.of();
        }
        this.drainedUntil.put(channel, now);
        if (accounts.keySet().stream().noneMatch(a -> delivery(a) == channel)) {
            return List.of();
        }
        List<WebhookEvent> due = events(drainedUntil, now, channel);
        if (properties.lifecycleLoss() <= 0) {
            return due;
        }
        // Deterministic: the 1st of each kind, then every round(1/share)-th, is never delivered.
        long every = Math.max(1, Math.round(1.0 / properties.lifecycleLoss()));
        List<WebhookEvent> delivered = new ArrayList<>(due.size());
        for (WebhookEvent e : due) {
            if (e.event().equals("meeting.started") || e.event().equals("meeting.ended")) {
                long n = lifecycleSeen.merge(e.event(), 1L, Long::sum);
                if ((n - 1) % every == 0) {
                    lost.add(e);
                    continue;
                }
            }
            delivered.add(e);
        }
        return delivered;
    }

    /** The lifecycle webhooks {@code lifecycleLoss} kept from being delivered, in order. */
    public synchronized List<WebhookEvent> lostWebhooks() {
        return List.copyOf(lost);
    }

    private static int order(String event) {
        return switch (event) {
            case "meeting.started" -> 0;
            case "meeting.participant_joined" -> 1;
            case QSS_EVENT -> 2;
            case "meeting.participant_left" -> 3;
            case QSS_SUMMARY_EVENT -> 4;
            default -> 5;
        };
    }

    private static void add(List<WebhookEvent> out, SimMeeting m, SimParticipant p, String event, Instant at,
                            Instant from, Instant to) {
        if (at.isAfter(from) && !at.isAfter(to)) {
            out.add(new WebhookEvent(m.accountId(), event, at, m.uuid(),
                    ZoomRenderer.webhook(event, at, m, p, event.equals("meeting.ended"))));
        }
    }

    // ---------------------------------------------------------------- requests

    /** Answers one request the way Zoom would, and logs it. */
    public SimResponse handle(SimRequest request) {
        Instant realNow = real.instant();
        Instant simNow = clock.instant();
        Outcome outcome;
        if (request.path().equals("/oauth/token")) {
            outcome = request.method().equals("POST") ? token(request, realNow)
                    : new Outcome(null, json(405, Map.of(), ZoomRenderer.error(405, "Method not allowed")), null);
        } else if (request.path().startsWith("/v2/")) {
            outcome = api(request, realNow, simNow);
        } else {
            outcome = new Outcome(null, json(404, Map.of(), ZoomRenderer.error(404, "Not found")), null);
        }
        // Only configured accounts are named: an arbitrary account_id must not grow the counters.
        String account = outcome.accountId != null && accounts.containsKey(outcome.accountId) ? outcome.accountId : null;
        log.add(new RequestLog.Entry(realNow, simNow, request.method(), request.path(), account,
                outcome.response.status(), outcome.limitType));
        return outcome.response;
    }

    private record Outcome(String accountId, SimResponse response, String limitType) {
    }

    private Outcome token(SimRequest request, Instant realNow) {
        String grant = request.params().get("grant_type");
        String accountId = request.params().get("account_id");
        if (!"account_credentials".equals(grant)) {
            return new Outcome(accountId, json(400, Map.of(),
                    oauthError("unsupported_grant_type", "Unsupported grant type")), null);
        }
        if (!validBasic(request.authorization())) {
            return new Outcome(accountId, json(401, Map.of(),
                    oauthError("invalid_client", "Invalid client_id or client_secret")), null);
        }
        if (accountId == null || !accounts.containsKey(accountId)) {
            return new Outcome(accountId, json(400, Map.of(), oauthError("invalid_request", "Invalid account_id")), null);
        }
        String value;
        synchronized (this) {
            value = randomToken(40);
            Instant expiresAt = realNow.plus(properties.tokenTtl());
            if (tokens.size() > 1_000) {
                tokens.values().removeIf(t -> !t.expiresAt().isAfter(realNow));
            }
            tokens.put(value, new Token(accountId, expiresAt));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", value);
        body.put("token_type", "bearer");
        body.put("expires_in", properties.tokenTtl().toSeconds());
        body.put("scope", "dashboard_meetings:read:admin dashboard:read:list_meeting_participants_qos:admin "
                + "dashboard:read:meeting_participant_qos:admin dashboard:read:list_meeting_participants:admin");
        return new Outcome(accountId, json(200, Map.of(), Json.write(body)), null);
    }

    private static boolean validBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String oauthError(String error, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason);
        m.put("error", error);
        return Json.write(m);
    }

    private enum Endpoint { PARTICIPANTS_QOS, PARTICIPANT_QOS, PARTICIPANTS }

    private Outcome api(SimRequest request, Instant realNow, Instant simNow) {
        Token token = bearer(request.authorization());
        if (token == null) {
            return new Outcome(null, json(401, Map.of(), ZoomRenderer.error(124, "Invalid access token.")), null);
        }
        if (!token.expiresAt().isAfter(realNow)) {
            return new Outcome(token.accountId(), json(401, Map.of(), ZoomRenderer.error(124, "Access token is expired.")), null);
        }
        String accountId = token.accountId();
        String[] s = request.path().substring("/v2/".length()).split("/", -1);
        Endpoint endpoint = null;
        if (request.method().equals("GET") && s.length >= 4 && s[0].equals("metrics") && s[1].equals("meetings")
                && s[3].equals("participants")) {
            if (s.length == 4) {
                endpoint = Endpoint.PARTICIPANTS;
            } else if (s.length == 5 && s[4].equals("qos")) {
                endpoint = Endpoint.PARTICIPANTS_QOS;
            } else if (s.length == 6 && s[5].equals("qos") && !s[4].isEmpty()) {
                endpoint = Endpoint.PARTICIPANT_QOS;
            }
        }
        if (endpoint == null && request.method().equals("GET") && s.length == 2 && s[0].equals("metrics")
                && s[1].equals("meetings")) {
            return listMeetings(accountId, request.params(), realNow, simNow);
        }
        if (endpoint == null) {
            return new Outcome(accountId, json(404, Map.of(), ZoomRenderer.error(404, "Not found")), null);
        }
        Admission admission = admit(accountId, realNow, simNow);
        if (admission.rejection != null) {
            return new Outcome(accountId, admission.rejection, admission.limitType);
        }
        SimResponse answer = switch (endpoint) {
            case PARTICIPANTS_QOS, PARTICIPANTS -> list(endpoint, accountId, s[2], request.params(), simNow);
            case PARTICIPANT_QOS -> single(accountId, s[2], PathSegments.decode(s[4]), request.params(), simNow);
        };
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.putAll(admission.headers);
        return new Outcome(accountId, new SimResponse(answer.status(), headers, answer.body()), null);
    }

    /**
     * Dashboard List meetings (docs/zoom-api.md 1.5): {@code type=live}, the account's meetings in
     * progress at {@code simNow}, one page; {@code type=past}, see {@link #pastMeetings}.
     * Resource-intensive: its own per-minute limit first (both types), then the shared daily pool and
     * per-second window like the Heavy calls.
     */
    private Outcome listMeetings(String accountId, Map<String, String> params, Instant realNow, Instant simNow) {
        String type = params.getOrDefault("type", "live");
        if (!"live".equals(type) && !"past".equals(type)) {
            return new Outcome(accountId, json(400, Map.of(), ZoomRenderer.error(300, "Only type=live and type=past are simulated")), null);
        }
        synchronized (this) {
            java.util.ArrayDeque<Long> calls = listMeetingsCalls.computeIfAbsent(accountId, a -> new java.util.ArrayDeque<>());
            long now = realNow.toEpochMilli();
            while (!calls.isEmpty() && calls.peekFirst() <= now - 60_000) {
                calls.pollFirst();
            }
            if (calls.size() >= properties.listMeetingsPerMinute()) {
                return new Outcome(accountId, json(429, Map.of("X-RateLimit-Category", "Resource-intensive",
                        "X-RateLimit-Type", "QPS"), ZoomRenderer.error(429,
                        "You have reached the maximum per-minute rate limit for this API.")), "per-minute");
            }
            calls.addLast(now);
        }
        Admission admission = admit(accountId, realNow, simNow);
        if (admission.rejection != null) {
            return new Outcome(accountId, admission.rejection, admission.limitType);
        }
        if ("past".equals(type)) {
            SimResponse past = pastMeetings(accountId, params, simNow);
            Map<String, String> headers = new LinkedHashMap<>(past.headers());
            headers.putAll(admission.headers);
            return new Outcome(accountId, new SimResponse(past.status(), headers, past.body()), null);
        }
        List<Map<String, Object>> live = new ArrayList<>();
        synchronized (this) {
            for (SimMeeting m : groundTruth().meetings()) {
                if (m.accountId().equals(accountId) && !m.start().isAfter(simNow) && m.end().isAfter(simNow)) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("uuid", m.uuid());
                    item.put("id", m.meetingId());
                    item.put("topic", m.topic());
                    item.put("start_time", m.start().toString());
                    item.put("participants", (int) m.participants().stream()
                            .filter(p -> !p.join().isAfter(simNow) && p.leave().isAfter(simNow)).count());
                    live.add(item);
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page_size", 300);
        body.put("total_records", live.size());
        body.put("next_page_token", "");
        body.put("meetings", live);
        Map<String, String> headers = new LinkedHashMap<>(admission.headers);
        return new Outcome(accountId, json(200, headers, Json.write(body)), null);
    }

    /** Zoom's List meetings range format (docs/zoom-api.md 1.5, the 2023 snapshot), read as UTC; a bare date also works. */
    private static final java.time.format.DateTimeFormatter RANGE = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * List meetings {@code type=past}: the account's meetings ended by {@code simNow} and indexed
     * ({@code pastDataDelay} after their end, like their QoS), whose end time ({@code query_date_type=end_time})
     * or start time (default) lies in {@code [from, to]}; {@code from} and {@code to} required, at most
     * 31 days apart; ordered by that time, {@code page_size} default 30 max 300, paged by
     * {@code next_page_token} (400/300 when expired or foreign).
     */
    private SimResponse pastMeetings(String accountId, Map<String, String> params, Instant simNow) {
        Instant from = rangeBound(params.get("from"), false);
        Instant to = rangeBound(params.get("to"), true);
        if (from == null || to == null || to.isBefore(from) || Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            return json(400, Map.of(), ZoomRenderer.error(300, "Invalid field: from/to."));
        }
        String dateType = params.getOrDefault("query_date_type", "start_time");
        if (!dateType.equals("start_time") && !dateType.equals("end_time")) {
            return json(400, Map.of(), ZoomRenderer.error(300, "Invalid field: query_date_type."));
        }
        int pageSize;
        try {
            pageSize = Math.min(300, Math.max(1, Integer.parseInt(params.getOrDefault("page_size", "30"))));
        } catch (NumberFormatException e) {
            return json(400, Map.of(), ZoomRenderer.error(300, "Invalid field: page_size."));
        }
        // The query is the cursor's key: a token is valid only for the same account and query.
        String query = "past|" + dateType + "|" + from + "|" + to;
        int offset = 0;
        String pageToken = params.getOrDefault("next_page_token", "");
        if (!pageToken.isEmpty()) {
            Cursor c = cursor(pageToken, simNow);
            if (c == null || !c.accountId().equals(accountId) || !c.meetingUuid().equals(query)
                    || !c.endpoint().equals("LIST_MEETINGS")) {
                return json(400, Map.of(), ZoomRenderer.error(300, "The next page token is invalid or expired."));
            }
            offset = c.offset();
        }
        java.util.function.Function<SimMeeting, Instant> key = dateType.equals("end_time") ? SimMeeting::end : SimMeeting::start;
        List<SimMeeting> matching;
        synchronized (this) {
            matching = groundTruth().meetings().stream()
                    .filter(m -> m.accountId().equals(accountId) && m.pastAvailableAt(simNow, properties.pastDataDelay()))
                    .filter(m -> !key.apply(m).isBefore(from) && !key.apply(m).isAfter(to))
                    .sorted(Comparator.comparing(key).thenComparing(SimMeeting::uuid))
                    .toList();
        }
        int total = matching.size();
        int end = Math.min(total, offset + pageSize);
        List<Map<String, Object>> page = new ArrayList<>();
        for (SimMeeting m : offset >= total ? List.<SimMeeting>of() : matching.subList(offset, end)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("uuid", m.uuid());
            item.put("id", m.meetingId());
            item.put("topic", m.topic());
            item.put("start_time", m.start().toString());
            item.put("end_time", m.end().toString());
            item.put("participants", m.participants().size());
            page.add(item);
        }
        String next = end < total ? newCursor(new Cursor(accountId, query, "LIST_MEETINGS", "past", end, simNow)) : "";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", params.get("from"));
        body.put("to", params.get("to"));
        body.put("page_size", pageSize);
        body.put("total_records", total);
        body.put("next_page_token", next);
        body.put("meetings", page);
        return json(200, Map.of(), Json.write(body));
    }

    /** {@code yyyy-MM-dd HH:mm:ss} (UTC), or a bare date: its start ({@code from}) or its last second ({@code to}). */
    private static @Nullable Instant rangeBound(@Nullable String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.trim().length() == 10) {
                LocalDate d = LocalDate.parse(value.trim());
                return endOfDay ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1)
                        : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return java.time.LocalDateTime.parse(value.trim(), RANGE).toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The account of an access token this simulator issued and that is not expired at {@code realNow}; null otherwise. */
    public synchronized @Nullable String tokenAccount(String accessToken, Instant realNow) {
        Token t = tokens.get(accessToken);
        return t == null || !t.expiresAt().isAfter(realNow) ? null : t.accountId();
    }

    private synchronized Token bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return tokens.get(authorization.substring(7).trim());
    }

    private record Admission(SimResponse rejection, String limitType, Map<String, String> headers) {
    }

    /** Zoom's two Heavy limits: daily (simulated UTC day) first, then the trailing real second. */
    private synchronized Admission admit(String accountId, Instant realNow, Instant simNow) {
        Limits l = limits(accountId, simNow);
        long realMillis = realNow.toEpochMilli();
        boolean omit = omitHeaders();
        if (l.usedToday >= properties.dailyLimit()) {
            log.heavy(accountId, realMillis, false);
            Instant reset = nextMidnight(simNow);
            Map<String, String> h = new LinkedHashMap<>();
            if (!omit) {
                h.put(CATEGORY_HEADER, "Heavy");
                h.put(TYPE_HEADER, "Daily-limit");
                h.put(LIMIT_HEADER, Long.toString(properties.dailyLimit()));
                h.put(REMAINING_HEADER, "0");
                h.put(RETRY_AFTER_HEADER, reset.toString());
            }
            return new Admission(json(429, h, ZoomRenderer.error(429, DAILY_MESSAGE)), "Daily-limit", Map.of());
        }
        if (l.window.count(realMillis) >= properties.perSecondLimit()) {
            log.heavy(accountId, realMillis, false);
            Map<String, String> h = new LinkedHashMap<>();
            if (!omit) {
                h.put(CATEGORY_HEADER, "Heavy");
                h.put(TYPE_HEADER, "QPS");
                h.put(LIMIT_HEADER, Long.toString(properties.dailyLimit()));
                h.put(REMAINING_HEADER, Long.toString(properties.dailyLimit() - l.usedToday));
            }
            return new Admission(json(429, h, ZoomRenderer.error(429, PER_SECOND_MESSAGE)), "QPS", Map.of());
        }
        l.window.add(realMillis);
        l.usedToday++;
        log.heavy(accountId, realMillis, true);
        Map<String, String> h = new LinkedHashMap<>();
        if (!omit) {
            h.put(CATEGORY_HEADER, "Heavy");
            h.put(LIMIT_HEADER, Long.toString(properties.dailyLimit()));
            h.put(REMAINING_HEADER, Long.toString(properties.dailyLimit() - l.usedToday));
        }
        return new Admission(null, null, h);
    }

    private Limits limits(String accountId, Instant simNow) {
        Limits l = limits.computeIfAbsent(accountId, k -> new Limits());
        LocalDate today = LocalDate.ofInstant(simNow, ZoneOffset.UTC);
        if (!today.equals(l.day)) {
            l.day = today;
            l.usedToday = 0;
        }
        return l;
    }

    static Instant nextMidnight(Instant simNow) {
        return LocalDate.ofInstant(simNow, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private boolean omitHeaders() {
        return switch (properties.headerOmission()) {
            case NEVER -> false;
            case ALWAYS -> true;
            case SOMETIMES -> random.nextBoolean();
        };
    }

    // ---------------------------------------------------------------- endpoints

    private SimResponse list(Endpoint endpoint, String accountId, String rawMeeting, Map<String, String> params,
                             Instant now) {
        String type = params.getOrDefault("type", "live");
        if (!type.equals("live") && !type.equals("past") && !(endpoint == Endpoint.PARTICIPANTS && type.equals("pastOne"))) {
            return json(400, Map.of(), ZoomRenderer.error(300, "Invalid field: type."));
        }
        int max = endpoint == Endpoint.PARTICIPANTS ? 300 : 10;
        int pageSize;
        try {
            pageSize = Math.min(max, Math.max(1, Integer.parseInt(params.getOrDefault("page_size",
                    endpoint == Endpoint.PARTICIPANTS ? "30" : "1"))));
        } catch (NumberFormatException e) {
            return json(400, Map.of(), ZoomRenderer.error(300, "Invalid field: page_size."));
        }
        Resolved resolved = resolve(accountId, rawMeeting, type.startsWith("past") ? "past" : "live", now);
        if (resolved.error != null) {
            return resolved.error;
        }
        SimMeeting m = resolved.meeting;
        int offset = 0;
        String pageToken = params.getOrDefault("next_page_token", "");
        if (!pageToken.isEmpty()) {
            Cursor c = cursor(pageToken, now);
            if (c == null || !c.accountId().equals(accountId) || !c.meetingUuid().equals(m.uuid())
                    || !c.endpoint().equals(endpoint.name()) || !c.type().equals(type)) {
                return json(400, Map.of(), ZoomRenderer.error(300, "The next page token is invalid or expired."));
            }
            offset = c.offset();
        }
        List<SimParticipant> visible = m.participants().stream().filter(p -> !p.join().isAfter(now)).toList();
        int total = visible.size();
        int to = Math.min(total, offset + pageSize);
        List<SimParticipant> page = offset >= total ? List.of() : visible.subList(offset, to);
        String next = to < total ? newCursor(new Cursor(accountId, m.uuid(), endpoint.name(), type, to, now)) : "";

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page_count", (total + pageSize - 1) / pageSize);
        body.put("page_size", pageSize);
        body.put("total_records", total);
        body.put("next_page_token", next);
        body.put("participants", page.stream().map(p -> endpoint == Endpoint.PARTICIPANTS
                ? ZoomRenderer.participant(m, p, now)
                : ZoomRenderer.participantQos(p, now, qos.samples(m, p, now))).toList());
        return json(200, Map.of(), Json.write(body));
    }

    private SimResponse single(String accountId, String rawMeeting, String participantId, Map<String, String> params,
                               Instant now) {
        String type = params.getOrDefault("type", "live");
        if (!type.equals("live") && !type.equals("past")) {
            return json(400, Map.of(), ZoomRenderer.error(300, "Invalid field: type."));
        }
        Resolved resolved = resolve(accountId, rawMeeting, type, now);
        if (resolved.error != null) {
            return resolved.error;
        }
        SimMeeting m = resolved.meeting;
        Optional<SimParticipant> p = m.participant(participantId).filter(x -> !x.join().isAfter(now));
        if (p.isEmpty()) {
            return json(404, Map.of(), ZoomRenderer.error(3001, "Participant does not exist: " + participantId + "."));
        }
        return json(200, Map.of(), Json.write(ZoomRenderer.participantQos(p.get(), now, qos.samples(m, p.get(), now))));
    }

    private record Resolved(SimMeeting meeting, SimResponse error) {
    }

    private synchronized Resolved resolve(String accountId, String rawMeeting, String type, Instant now) {
        materialize(now);
        String id = PathSegments.meetingId(rawMeeting);
        SimMeeting m = null;
        if (id != null && !id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
            long meetingId = Long.parseLong(id);
            // A meeting ID names its latest started instance.
            m = meetings.descendingMap().values().stream()
                    .filter(x -> x.meetingId() == meetingId && x.startedBy(now) && x.accountId().equals(accountId))
                    .max(Comparator.comparing(SimMeeting::start)).orElse(null);
        } else if (id != null) {
            m = byUuid.get(id);
        }
        if (m == null || !m.accountId().equals(accountId) || !m.startedBy(now)) {
            return new Resolved(null, json(404, Map.of(), ZoomRenderer.error(3001, "Meeting does not exist: " + (id == null ? rawMeeting : id) + ".")));
        }
        if (type.equals("live") && m.endedBy(now)) {
            return new Resolved(null, json(404, Map.of(), ZoomRenderer.error(3001, "The meeting is not live: " + id + ".")));
        }
        if (type.equals("past") && !m.endedBy(now)) {
            return new Resolved(null, json(404, Map.of(), ZoomRenderer.error(3001, "The meeting has not ended yet.")));
        }
        if (type.equals("past") && !m.pastAvailableAt(now, properties.pastDataDelay())) {
            return new Resolved(null, json(404, Map.of(), ZoomRenderer.error(3001, "Meeting detail is not available yet.")));
        }
        return new Resolved(m, null);
    }

    private synchronized Cursor cursor(String token, Instant now) {
        Cursor c = cursors.get(token);
        if (c == null) {
            return null;
        }
        if (now.isAfter(c.createdAt().plus(properties.pageTokenTtl()))) {
            cursors.remove(token);
            return null;
        }
        return c;
    }

    private synchronized String newCursor(Cursor c) {
        // Bounded: expired cursors go first, then the oldest beyond 10,000.
        Iterator<Cursor> it = cursors.values().iterator();
        while (it.hasNext()) {
            Cursor old = it.next();
            if (cursors.size() > 10_000 || c.createdAt().isAfter(old.createdAt().plus(properties.pageTokenTtl()))) {
                it.remove();
            } else {
                break;
            }
        }
        String token = randomToken(32);
        cursors.put(token, c);
        return token;
    }

    // ---------------------------------------------------------------- scenario

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
            Instant horizon = now.minus(properties.retention());
            meetings.values().removeIf(m -> {
                boolean gone = m.end().isBefore(horizon);
                if (gone) {
                    byUuid.remove(m.uuid());
                }
                return gone;
            });
        }
    }

    private String randomToken(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static SimResponse json(int status, Map<String, String> headers, String body) {
        return new SimResponse(status, headers, body);
    }
}
