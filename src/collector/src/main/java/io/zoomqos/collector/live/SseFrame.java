package io.zoomqos.collector.live;

import java.nio.charset.StandardCharsets;

/**
 * One block of the {@code text/event-stream} wire format: either a comment, or an event with its
 * {@code id} (the feed cursor), {@code event} name and one {@code data} line (compact JSON has
 * no line breaks), optionally with a {@code retry} hint in milliseconds.
 */
public record SseFrame(String comment, String id, String event, String data, long retryMillis) {

    static SseFrame comment(String text) {
        return new SseFrame(text, null, null, null, 0);
    }

    static SseFrame event(String id, String event, String data) {
        return new SseFrame(null, id, event, data, 0);
    }

    SseFrame withRetry(long millis) {
        return new SseFrame(comment, id, event, data, millis);
    }

    boolean isComment() {
        return comment != null;
    }

    public String encode() {
        if (comment != null) {
            return ": " + comment + "\n\n";
        }
        StringBuilder b = new StringBuilder(data.length() + 64);
        if (retryMillis > 0) {
            b.append("retry: ").append(retryMillis).append('\n');
        }
        return b.append("id: ").append(id).append('\n')
                .append("event: ").append(event).append('\n')
                .append("data: ").append(data).append("\n\n").toString();
    }

    public byte[] bytes() {
        return encode().getBytes(StandardCharsets.UTF_8);
    }
}
