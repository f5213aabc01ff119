package io.zoomqos.collector.polling;

/**
 * Each meeting's {@link Attention}. Called by the planner under its lock: implementations answer
 * from memory (views refreshed in the background), never from I/O.
 */
@FunctionalInterface
public interface AttentionSource {

    /** Every meeting is {@link Attention#OTHER}: plain earliest deadline first. */
    AttentionSource NONE = meetingUuid -> Attention.OTHER;

    Attention of(String meetingUuid);
}
