package io.zoomqos.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of path segments, and Zoom's double-encoding rule for meeting UUIDs. */
final class PathSegments {

    private PathSegments() {
    }

    /**
     * The meeting ID or UUID a raw path segment names, or null when it cannot name one. Zoom's
     * rule (docs/zoom-api.md#meeting-id-and-meeting-uuid): a UUID that starts with {@code /} or
     * contains {@code //} must be double-encoded, so such a UUID encoded once names nothing here;
     * any other UUID may be encoded once (a lone {@code /} inside it as {@code %2F}) or twice.
     */
    static String meetingId(String rawSegment) {
        String once = decode(rawSegment);
        if (once.startsWith("/") || once.contains("//")) {
            return null;
        }
        return once.indexOf('%') >= 0 ? decode(once) : once;
    }

    /** RFC 3986 percent-decoding; unlike form decoding, {@code +} stays {@code +} (it occurs in UUIDs). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
