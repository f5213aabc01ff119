package io.zoomqos.collector.live;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a subscriber stands in the feed: the highest sample sequence and the highest
 * {@code live_event} id delivered to it. Sent as every SSE {@code id}, in the form
 * {@code <sampleSeq>-<eventSeq>}, and taken back as {@code Last-Event-ID} to resume.
 */
public record FeedCursor(long sampleSeq, long eventSeq) {

    private static final Pattern WIRE = Pattern.compile("(\\d{1,18})-(\\d{1,18})");

    public FeedCursor {
        if (sampleSeq < 0 || eventSeq < 0) {
            throw new IllegalArgumentException("cursor parts must not be negative");
        }
    }

    /** @throws IllegalArgumentException unless the text is {@code <digits>-<digits>} */
    public static FeedCursor parse(String wire) {
        Matcher m = WIRE.matcher(wire == null ? "" : wire.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a feed cursor is <sampleSeq>-<eventSeq>, e.g. 1042-17");
        }
        return new FeedCursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    /** The cursor once {@code event} is delivered: each part only ever grows. */
    public FeedCursor after(FeedEvent event) {
        return switch (event.type().source()) {
            case SAMPLES -> event.seq() > sampleSeq ? new FeedCursor(event.seq(), eventSeq) : this;
            case EVENTS -> event.seq() > eventSeq ? new FeedCursor(sampleSeq, event.seq()) : this;
            case NONE -> this;
        };
    }

    /** The part of the cursor that {@code source} advances. */
    public long of(FeedEvent.Source source) {
        return switch (source) {
            case SAMPLES -> sampleSeq;
            case EVENTS -> eventSeq;
            case NONE -> 0;
        };
    }

    @Override
    public String toString() {
        return sampleSeq + "-" + eventSeq;
    }
}
