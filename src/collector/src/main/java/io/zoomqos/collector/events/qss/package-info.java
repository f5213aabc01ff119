/** QSS push QoS: {@code meeting.participant_qos[_summary]} events read leniently and stored as participant-minutes. */
@NullMarked
package io.zoomqos.collector.events.qss;

import org.jspecify.annotations.NullMarked;
