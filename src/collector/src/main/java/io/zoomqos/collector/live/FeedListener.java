package io.zoomqos.collector.live;

/**
 * Told of every event this process publishes itself (not of events relayed from other
 * replicas), on the publisher's thread: must be quick and must not block.
 */
@FunctionalInterface
public interface FeedListener {

    void published(FeedEvent event);
}
