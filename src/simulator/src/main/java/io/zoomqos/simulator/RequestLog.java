package io.zoomqos.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Every request the simulator answered: the most recent {@code capacity} in a ring buffer, and
 * counters for all of them (so a long benchmark can still check completeness and violations).
 * Thread-safe.
 */
public final class RequestLog {

    /**
     * One request.
     *
     * @param realTime wall-clock arrival
     * @param simTime simulated arrival
     * @param method HTTP method
     * @param path path as received (still encoded), relative to the simulator root
     * @param accountId the account the token (or token request) belongs to; null when unknown
     * @param status HTTP status answered
     * @param limitType {@code QPS} or {@code Daily-limit} on a 429, else null
     */
    public record Entry(Instant realTime, Instant simTime, String method, String path, String accountId, int status,
                        String limitType) {

        /** The meeting UUID (or ID) a {@code /v2/metrics/meetings/{meeting}/...} path names, decoded; else null. */
        public @Nullable String meeting() {
            String prefix = "/v2/metrics/meetings/";
            if (!path.startsWith(prefix)) {
                return null;
            }
            String rest = path.substring(prefix.length());
            int slash = rest.indexOf('/');
            String once = PathSegments.decode(slash < 0 ? rest : rest.substring(0, slash));
            return once.indexOf('%') >= 0 ? PathSegments.decode(once) : once;
        }

        /** The endpoint after the meeting: {@code participants/qos}, {@code participants}, {@code participants/{id}/qos}; else null. */
        public @Nullable String meetingEndpoint() {
            String prefix = "/v2/metrics/meetings/";
            int slash = path.startsWith(prefix) ? path.indexOf('/', prefix.length()) : -1;
            return slash < 0 ? null : path.substring(slash + 1);
        }
    }

    /**
     * Counters of one account since start.
     *
     * @param heavyAdmitted Heavy requests that passed both limits (and were answered 200, 400 or 404)
     * @param perSecondRejected 429s for the per-second limit
     * @param dailyRejected 429s for the daily limit
     * @param byStatus every request of the account by status (including token requests)
     * @param peakAttemptsPerSecond most Heavy requests (admitted or not) seen in any trailing real second
     * @param peakAdmittedPerSecond most admitted Heavy requests in any trailing real second (never above the cap)
     */
    public record AccountStats(long heavyAdmitted, long perSecondRejected, long dailyRejected,
                               Map<Integer, Long> byStatus, int peakAttemptsPerSecond, int peakAdmittedPerSecond) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;
    private final Map<String, Counters> counters = new LinkedHashMap<>();
    private long total;
    private long dropped;

    RequestLog(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    synchronized void add(Entry e) {
        total++;
        if (entries.size() == capacity) {
            entries.removeFirst();
            dropped++;
        }
        entries.addLast(e);
        Counters c = counters.computeIfAbsent(e.accountId() == null ? "" : e.accountId(), k -> new Counters());
        c.byStatus.merge(e.status(), 1L, Long::sum);
        if ("QPS".equals(e.limitType())) {
            c.perSecondRejected++;
        } else if ("Daily-limit".equals(e.limitType())) {
            c.dailyRejected++;
        }
    }

    synchronized void heavy(String accountId, long realMillis, boolean admitted) {
        Counters c = counters.computeIfAbsent(accountId, k -> new Counters());
        c.peakAttempts = Math.max(c.peakAttempts, c.attempts.add(realMillis));
        if (admitted) {
            c.heavyAdmitted++;
            c.peakAdmitted = Math.max(c.peakAdmitted, c.admitted.add(realMillis));
        }
    }

    /** The retained entries, oldest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** The last {@code n} entries, oldest first. */
    public synchronized List<Entry> last(int n) {
        List<Entry> all = new ArrayList<>(entries);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Requests answered since start (including those no longer retained). */
    public synchronized long total() {
        return total;
    }

    /** Entries pushed out of the ring buffer. */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized AccountStats stats(String accountId) {
        Counters c = counters.get(accountId);
        if (c == null) {
            return new AccountStats(0, 0, 0, Map.of(), 0, 0);
        }
        return new AccountStats(c.heavyAdmitted, c.perSecondRejected, c.dailyRejected, new TreeMap<>(c.byStatus),
                c.peakAttempts, c.peakAdmitted);
    }

    /** Stats of every account that made a request ({@code ""} = requests without a known account). */
    public synchronized Map<String, AccountStats> stats() {
        Map<String, AccountStats> out = new LinkedHashMap<>();
        counters.keySet().forEach(k -> out.put(k, stats(k)));
        return out;
    }

    private static final class Counters {
        final Map<Integer, Long> byStatus = new TreeMap<>();
        final SlidingSecond attempts = new SlidingSecond();
        final SlidingSecond admitted = new SlidingSecond();
        long heavyAdmitted;
        long perSecondRejected;
        long dailyRejected;
        int peakAttempts;
        int peakAdmitted;
    }

    /** Events in the trailing 1000 ms. */
    static final class SlidingSecond {
        private final ArrayDeque<Long> times = new ArrayDeque<>();

        /** Counts the events in (t - 1000 ms, t] without adding one. */
        int count(long t) {
            while (!times.isEmpty() && times.peekFirst() <= t - 1000) {
                times.removeFirst();
            }
            return times.size();
        }

        /** Adds an event at {@code t}; returns the count in the trailing second including it. */
        int add(long t) {
            count(t);
            times.addLast(t);
            return times.size();
        }
    }
}
