package io.zoomqos.collector.zoom;

import java.nio.charset.StandardCharsets;

/**
 * Path and query encoding, done here rather than by a URI template: Zoom wants meeting UUIDs that
 * start with {@code /} or contain {@code //} encoded twice
 * (docs/zoom-api.md#meeting-id-and-meeting-uuid), and a template engine would either re-encode
 * our {@code %} or leave {@code /} and {@code +} alone.
 */
final class ZoomPaths {

    private ZoomPaths() {
    }

    /** A meeting id or UUID as one path segment, double-encoded exactly when Zoom requires it. */
    static String meetingSegment(String meetingIdOrUuid) {
        String once = encode(meetingIdOrUuid);
        return meetingIdOrUuid.startsWith("/") || meetingIdOrUuid.contains("//") ? encode(once) : once;
    }

    /**
     * RFC 3986 percent-encoding of everything but the unreserved characters, so {@code +},
     * {@code /}, {@code =} and {@code %} never reach Zoom raw (unlike {@code URLEncoder}, which
     * writes a space as {@code +}).
     */
    static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The base URL without a trailing slash, so that {@code base + "/metrics/..."} has one slash. */
    static String base(java.net.URI uri) {
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
