/** Step 1 of the flow beside webhooks: event sources behind one seam, QSS QoS events, the WebSocket subscription and reconciliation. */
@NullMarked
package io.zoomqos.collector.events;

import org.jspecify.annotations.NullMarked;
