/** The QoS value types shared by the flow: one participant-minute and its streams. */
@NullMarked
package io.zoomqos.collector.qos;

import org.jspecify.annotations.NullMarked;
