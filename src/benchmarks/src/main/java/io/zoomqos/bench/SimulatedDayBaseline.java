package io.zoomqos.bench;

import io.zoomqos.bench.SimulatedDayHarness.Meeting;
import io.zoomqos.bench.SimulatedDayHarness.Scaling;
import io.zoomqos.bench.SimulatedDayHarness.Strategy;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimRequest;
import io.zoomqos.simulator.SimResponse;
import io.zoomqos.simulator.SimulatedZoom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A baseline client of the simulated day, on a thread of its own, calling its simulator in-process
 * ({@link SimulatedZoom#handle}: the same limits as over HTTP) one request at a time, spaced to
 * stay under the per-second cap with 10% headroom, and keeping the participant-minutes it received
 * in memory. It knows each meeting's start and end from the schedule, as webhooks would tell it.
 * <ul>
 *   <li>poll-all (Zoom's advice): every live meeting every 5 minutes from its start + 5 minutes,
 *       all its {@code type=live} pages; nothing after the end.</li>
 *   <li>sweep-only: 30 s after the end, the {@code type=past} pages, then List participants (the
 *       roster, as a collector without the roster shortcut does); 404 "not ready" retried after 1
 *       minute, doubling up to 15.</li>
 * </ul>
 * A daily 429 stops it until the simulated midnight, as its {@code Retry-After} says.
 */
final class SimulatedDayBaseline implements Runnable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final Duration SWEEP_DELAY = Duration.ofSeconds(30);

    private final Strategy strategy;
    private final SimulatedZoom zoom;
    private final List<Meeting> day;
    private final Map<Integer, String> uuids;
    private final long spacingNanos;
    private final Map<Integer, Set<String>> stored = new ConcurrentHashMap<>();
    private final Map<Integer, Instant> newest = new ConcurrentHashMap<>();
    private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
    private final Set<Integer> polled = ConcurrentHashMap.newKeySet();
    private final Instant[] next;
    private final int[] tries;
    private final boolean[] done;
    private volatile boolean stop;
    private Instant blockedUntil = Instant.MIN;
    private String authorization = "";
    private long nextCall = System.nanoTime();

    SimulatedDayBaseline(Strategy strategy, SimulatedZoom zoom, List<Meeting> day, Scaling scaling,
                         Map<Integer, String> uuids) {
        this.strategy = strategy;
        this.zoom = zoom;
        this.day = day;
        this.uuids = uuids;
        this.spacingNanos = (long) Math.ceil(1e9 / (scaling.perSecondReal() * 0.9));
        this.next = new Instant[day.size()];
        this.tries = new int[day.size()];
        this.done = new boolean[day.size()];
        for (Meeting m : day) {
            next[m.index()] = strategy == Strategy.POLL_ALL ? m.start().plus(INTERVAL) : m.end().plus(SWEEP_DELAY);
        }
    }

    Strategy strategy() {
        return strategy;
    }

    void stop() {
        stop = true;
    }

    /** Participant-minutes received per meeting index, as {@code u:<user_id>|<epoch second>}. */
    Map<Integer, Set<String>> stored() {
        return stored;
    }

    /** The newest minute received of a meeting, or null. */
    Instant newest(int index) {
        return newest.get(index);
    }

    /** Why meetings may be incomplete, per meeting index (read after the run). */
    Map<Integer, String> reasons() {
        Map<Integer, String> out = new HashMap<>();
        for (Meeting m : day) {
            int i = m.index();
            String reason;
            if (refused.contains(i)) {
                reason = "daily quota gone (429)";
            } else if (strategy == Strategy.POLL_ALL) {
                reason = polled.contains(i) ? "minutes after the last poll never fetched" : "ended before its first poll";
            } else {
                reason = done[i] ? "swept" : "not swept by the end of the run";
            }
            out.put(i, reason);
        }
        return out;
    }

    @Override
    public void run() {
        token();
        while (!stop) {
            Instant now = zoom.clock().instant();
            int i = pick(now);
            if (i < 0) {
                LockSupport.parkNanos(2_000_000);
                continue;
            }
            String uuid = uuid(i);
            if (uuid == null) {
                LockSupport.parkNanos(2_000_000);
                continue;
            }
            if (strategy == Strategy.POLL_ALL) {
                poll(i, uuid, now);
            } else {
                sweep(i, uuid, now);
            }
        }
    }

    /** The due meeting with the earliest due time; -1 when none (or the day's quota is gone). */
    private int pick(Instant now) {
        int best = -1;
        for (Meeting m : day) {
            int i = m.index();
            boolean candidate = strategy == Strategy.POLL_ALL ? m.liveAt(now) : !done[i];
            if (!candidate || next[i].isAfter(now)) {
                continue;
            }
            if (now.isBefore(blockedUntil)) {
                refused.add(i);
                next[i] = strategy == Strategy.POLL_ALL ? now.plus(INTERVAL) : blockedUntil;
                continue;
            }
            if (best < 0 || next[i].isBefore(next[best])) {
                best = i;
            }
        }
        return best;
    }

    private String uuid(int i) {
        String uuid = uuids.get(i);
        if (uuid == null) {
            for (SimMeeting m : zoom.groundTruth().meetings()) {
                uuids.putIfAbsent(m.index(), m.uuid());
            }
            uuid = uuids.get(i);
        }
        return uuid;
    }

    private void poll(int i, String uuid, Instant now) {
        polled.add(i);
        next[i] = now.plus(INTERVAL);
        pages(i, uuid, "live");
    }

    private void sweep(int i, String uuid, Instant now) {
        Integer status = pages(i, uuid, "past");
        if (status == null) {
            return;
        }
        if (status == 404) {
            tries[i]++;
            next[i] = now.plus(Duration.ofMinutes(Math.min(15, 1L << Math.min(4, tries[i] - 1))));
            return;
        }
        if (status == 429) {
            next[i] = now.isBefore(blockedUntil) ? blockedUntil : now;
            return;
        }
        SimResponse roster = call("/v2/metrics/meetings/" + encode(encode(uuid)) + "/participants",
                Map.of("type", "past", "page_size", "300"));
        if (roster.status() == 429) {
            next[i] = now.isBefore(blockedUntil) ? blockedUntil : now;
            return;
        }
        done[i] = true;
    }

    /** All pages of the meeting's QoS of {@code type}; the failing status, 200 when all came, null on a cut. */
    private Integer pages(int i, String uuid, String type) {
        String token = "";
        do {
            Map<String, String> params = new HashMap<>();
            params.put("type", type);
            params.put("page_size", "10");
            if (!token.isEmpty()) {
                params.put("next_page_token", token);
            }
            SimResponse r = call("/v2/metrics/meetings/" + encode(encode(uuid)) + "/participants/qos", params);
            if (r.status() == 429) {
                if (zoom.clock().instant().isBefore(blockedUntil)) {
                    refused.add(i);
                }
                return 429;
            }
            if (r.status() != 200) {
                return r.status();
            }
            JsonNode root = JSON.readTree(r.body());
            keep(i, root);
            JsonNode nextToken = root.get("next_page_token");
            token = nextToken == null || nextToken.isNull() ? "" : nextToken.asString();
        } while (!token.isEmpty() && !stop);
        return 200;
    }

    private void keep(int i, JsonNode root) {
        Set<String> keys = stored.computeIfAbsent(i, k -> ConcurrentHashMap.newKeySet());
        for (JsonNode p : root.path("participants")) {
            String user = p.path("user_id").asString();
            for (JsonNode minute : p.path("user_qos")) {
                Instant at = Instant.parse(minute.path("date_time").asString());
                keys.add("u:" + user + "|" + at.getEpochSecond());
                newest.merge(i, at, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
    }

    private SimResponse call(String path, Map<String, String> params) {
        long wait = nextCall - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        SimResponse r = zoom.handle(SimRequest.get(path, params, authorization));
        nextCall = System.nanoTime() + spacingNanos;
        if (r.status() == 401) {
            token();
            return call(path, params);
        }
        if (r.status() == 429) {
            if (r.body().contains("daily")) {
                Instant now = zoom.clock().instant();
                blockedUntil = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            } else {
                nextCall = System.nanoTime() + 1_000_000_000L; // a real second, the simulator's window
            }
        }
        return r;
    }

    private void token() {
        String basic = Base64.getEncoder().encodeToString("baseline:baseline-secret".getBytes(StandardCharsets.UTF_8));
        SimResponse r = zoom.handle(new SimRequest("POST", "/oauth/token",
                Map.of("grant_type", "account_credentials", "account_id", zoom.accounts().get(0).id()), "Basic " + basic));
        authorization = "Bearer " + JSON.readTree(r.body()).path("access_token").asString();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters (applied twice: Zoom's rule). */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }
}
