/** Step 1 of the flow: Zoom's signed webhooks verified, persisted by group commit and acknowledged. */
@NullMarked
package io.zoomqos.collector.webhook;

import org.jspecify.annotations.NullMarked;
