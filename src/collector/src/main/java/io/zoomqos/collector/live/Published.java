package io.zoomqos.collector.live;

/**
 * A feed event on its way to subscribers, with its JSON encoded at most once however many
 * subscribers receive it (encoding per subscriber would cost the CPU the pipeline needs).
 */
final class Published {

    /** Marks the end of a subscriber's live stream after its buffer overflowed. */
    static final Published LAGGED = new Published(null);

    private final FeedEvent event;
    private volatile String json;
    private volatile String redacted;

    Published(FeedEvent event) {
        this.event = event;
    }

    FeedEvent event() {
        return event;
    }

    /** Racing first readers may both encode; the results are equal, so no lock is needed. */
    String json(FeedCodec codec) {
        String j = json;
        if (j == null) {
            j = codec.encode(event);
            json = j;
        }
        return j;
    }

    /**
     * The JSON for readers without {@code qos.read.pii}, also encoded at most once: an application
     * has one {@link ReadPseudonyms}, so the result does not depend on which instance is passed.
     */
    String json(FeedCodec codec, ReadPseudonyms pseudonyms) {
        String j = redacted;
        if (j == null) {
            j = codec.encode(event, pseudonyms);
            redacted = j;
        }
        return j;
    }
}
