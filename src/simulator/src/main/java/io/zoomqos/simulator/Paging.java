package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Zoom's paging: {@code page_size} (clamped to the endpoint's maximum) and opaque
 * {@code next_page_token}s, each valid for {@code pageTokenTtl} of simulated time and only for the
 * listing that issued it. Thread-safe.
 */
final class Paging {

    /** Keep at most this many live tokens: a client that never finishes its pages must not grow memory. */
    private static final int MAX_CURSORS = 10_000;

    /**
     * The listing a token continues: the same account, the same meeting (or List meetings query),
     * endpoint and type.
     */
    record Listing(String accountId, String subject, String endpoint, String type) {
    }

    private record Cursor(Listing listing, int offset, Instant createdAt) {
    }

    private final Duration ttl;
    private final SharedRandom random;
    private final LinkedHashMap<String, Cursor> cursors = new LinkedHashMap<>();

    Paging(Duration ttl, SharedRandom random) {
        this.ttl = ttl;
        this.random = random;
    }

    /** {@code page_size} clamped to {@code [1, max]}; null when it is not a number. */
    static @Nullable Integer pageSize(Map<String, String> params, int byDefault, int max) {
        try {
            return Math.min(max, Math.max(1, Integer.parseInt(params.getOrDefault("page_size", Integer.toString(byDefault)))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Zoom's answer to a token it does not accept. */
    static SimResponse invalidToken() {
        return SimResponse.error(400, 300, "The next page token is invalid or expired.");
    }

    /**
     * Where the page the request asks for starts: 0 without {@code next_page_token}, the token's
     * offset when it continues {@code listing} and has not expired by {@code now}; null otherwise.
     */
    synchronized @Nullable Integer offset(Map<String, String> params, Listing listing, Instant now) {
        String token = params.getOrDefault("next_page_token", "");
        if (token.isEmpty()) {
            return 0;
        }
        Cursor c = cursors.get(token);
        if (c == null) {
            return null;
        }
        if (now.isAfter(c.createdAt().plus(ttl))) {
            cursors.remove(token);
            return null;
        }
        return c.listing().equals(listing) ? c.offset() : null;
    }

    /** A token for the page of {@code listing} that starts at {@code offset}. */
    synchronized String next(Listing listing, int offset, Instant now) {
        // Bounded: expired cursors go first, then the oldest beyond MAX_CURSORS.
        Iterator<Cursor> it = cursors.values().iterator();
        while (it.hasNext()) {
            Cursor old = it.next();
            if (cursors.size() > MAX_CURSORS || now.isAfter(old.createdAt().plus(ttl))) {
                it.remove();
            } else {
                break;
            }
        }
        String token = random.token(32);
        cursors.put(token, new Cursor(listing, offset, now));
        return token;
    }
}
