/** Zoom's WebSocket event subscription: one outbound connection per subscription, on the replica holding the account. */
@NullMarked
package io.zoomqos.collector.events.websocket;

import org.jspecify.annotations.NullMarked;
