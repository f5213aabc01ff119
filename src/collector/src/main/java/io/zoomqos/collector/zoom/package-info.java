/** Step 3: the Zoom API client (S2S OAuth, QoS pages, error mapping, unit parsing). */
@NullMarked
package io.zoomqos.collector.zoom;

import org.jspecify.annotations.NullMarked;
