package io.zoomqos.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Zoom's rate limits per account: the Heavy pair (a daily pool per simulated UTC day, then a
 * per-second window in real time) and List meetings' own Resource-intensive per-minute limit.
 * Only admitted requests count; a 429 consumes nothing. Answers the headers Zoom sends, or
 * omits them as {@code headerOmission} says. Thread-safe: each decision is one critical section.
 */
final class RateLimits {

    static final String CATEGORY_HEADER = "X-RateLimit-Category";
    static final String TYPE_HEADER = "X-RateLimit-Type";
    static final String LIMIT_HEADER = "X-RateLimit-Limit";
    static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    static final String RETRY_AFTER_HEADER = "Retry-After";
    static final String PER_SECOND_MESSAGE =
            "You have reached the maximum per-second rate limit for this API. Try again later.";
    static final String DAILY_MESSAGE = "You have reached the maximum daily rate limit for this API. "
            + "Refer to the response header for details on when you can make another request.";
    private static final String PER_MINUTE_MESSAGE = "You have reached the maximum per-minute rate limit for this API.";

    /**
     * The verdict on one Heavy request.
     *
     * @param rejection the 429 to answer instead; null when admitted
     * @param limitType the limit that rejected it; null when admitted
     * @param headers what to add to the answer when admitted
     */
    record Admission(@Nullable SimResponse rejection, @Nullable String limitType, Map<String, String> headers) {
    }

    private static final class Heavy {
        final RequestLog.SlidingSecond window = new RequestLog.SlidingSecond();
        @Nullable LocalDate day;
        long usedToday;
    }

    private final SimulatorProperties properties;
    private final RequestLog log;
    private final SharedRandom random;
    private final Map<String, Heavy> heavy = new HashMap<>();
    /** Real times of List meetings calls per account in the trailing minute. */
    private final Map<String, ArrayDeque<Long>> listMeetingsCalls = new HashMap<>();

    RateLimits(SimulatorProperties properties, RequestLog log, SharedRandom random) {
        this.properties = properties;
        this.log = log;
        this.random = random;
    }

    /** Zoom's two Heavy limits: daily (simulated UTC day) first, then the trailing real second. */
    synchronized Admission admitHeavy(String accountId, Instant realNow, Instant simNow) {
        Heavy l = heavy(accountId, simNow);
        long realMillis = realNow.toEpochMilli();
        boolean omit = omitHeaders();
        if (l.usedToday >= properties.dailyLimit()) {
            log.heavy(accountId, realMillis, false);
            Map<String, String> h = headers(omit, "Daily-limit", 0);
            if (!omit) {
                h.put(RETRY_AFTER_HEADER, nextMidnight(simNow).toString());
            }
            return rejected(h, DAILY_MESSAGE, "Daily-limit");
        }
        if (l.window.count(realMillis) >= properties.perSecondLimit()) {
            log.heavy(accountId, realMillis, false);
            return rejected(headers(omit, "QPS", properties.dailyLimit() - l.usedToday), PER_SECOND_MESSAGE, "QPS");
        }
        l.window.add(realMillis);
        l.usedToday++;
        log.heavy(accountId, realMillis, true);
        return new Admission(null, null, headers(omit, null, properties.dailyLimit() - l.usedToday));
    }

    /** Zoom's Heavy headers; {@code type} only on a 429. Empty when omitted. */
    private Map<String, String> headers(boolean omit, @Nullable String type, long remaining) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!omit) {
            h.put(CATEGORY_HEADER, "Heavy");
            if (type != null) {
                h.put(TYPE_HEADER, type);
            }
            h.put(LIMIT_HEADER, Long.toString(properties.dailyLimit()));
            h.put(REMAINING_HEADER, Long.toString(remaining));
        }
        return h;
    }

    private static Admission rejected(Map<String, String> headers, String message, String limitType) {
        return new Admission(new SimResponse(429, headers, ZoomRenderer.error(429, message)), limitType, Map.of());
    }

    /**
     * List meetings' per-minute limit (trailing real minute), checked before the Heavy pair it also
     * draws from: the 429 to answer, or null when the call may go on.
     */
    synchronized @Nullable SimResponse admitListMeetings(String accountId, Instant realNow) {
        ArrayDeque<Long> calls = listMeetingsCalls.computeIfAbsent(accountId, a -> new ArrayDeque<>());
        long now = realNow.toEpochMilli();
        while (!calls.isEmpty() && calls.peekFirst() <= now - 60_000) {
            calls.pollFirst();
        }
        if (calls.size() >= properties.listMeetingsPerMinute()) {
            return new SimResponse(429, Map.of(CATEGORY_HEADER, "Resource-intensive", TYPE_HEADER, "QPS"),
                    ZoomRenderer.error(429, PER_MINUTE_MESSAGE));
        }
        calls.addLast(now);
        return null;
    }

    /** Daily Heavy requests left for the account in the simulated UTC day of {@code simNow}. */
    synchronized long dailyRemaining(String accountId, Instant simNow) {
        return Math.max(0, properties.dailyLimit() - heavy(accountId, simNow).usedToday);
    }

    private Heavy heavy(String accountId, Instant simNow) {
        Heavy l = heavy.computeIfAbsent(accountId, k -> new Heavy());
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
            case SOMETIMES -> random.coinFlip();
        };
    }
}
