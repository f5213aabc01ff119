package io.zoomqos.collector.zoom;

import java.time.Instant;

/**
 * A Server-to-Server OAuth access token.
 *
 * @param accessToken the bearer token; secret, see {@link #toString()}
 * @param expiresAt receipt time plus Zoom's {@code expires_in}
 * @param renewAt from here on callers get a fresh token instead (expiry minus the refresh margin)
 */
record ZoomToken(String accessToken, Instant expiresAt, Instant renewAt) {

    boolean usableAt(Instant now) {
        return now.isBefore(renewAt);
    }

    @Override
    public String toString() {
        return "ZoomToken[expiresAt=" + expiresAt + ", renewAt=" + renewAt + "]";
    }
}
