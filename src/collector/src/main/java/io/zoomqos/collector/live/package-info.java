/** Step 5: the live feed of committed rows (resumable, across replicas) behind the SSE stream and the page. */
@NullMarked
package io.zoomqos.collector.live;

import org.jspecify.annotations.NullMarked;
