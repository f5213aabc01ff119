package io.zoomqos.collector.events.reconcile;

/** Asks for a reconciliation of one account soon (e.g. right after a WebSocket reconnect, whose gap lost events). */
public interface ReconcileRequests {

    /** Coalesced: several requests within {@code qos.reconcile.min-spacing} cost one run. */
    void request(String accountId);
}
