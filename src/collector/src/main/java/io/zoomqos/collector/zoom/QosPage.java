package io.zoomqos.collector.zoom;

import java.util.List;

/**
 * One page of List meeting participants QoS.
 *
 * @param participants up to 10 participants
 * @param nextPageToken null on the last page; valid for 15 minutes
 * @param totalRecords Zoom's {@code total_records} (participants over all pages), 0 when absent
 */
public record QosPage(List<ParticipantQos> participants, String nextPageToken, long totalRecords) {

    public QosPage {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    public boolean hasNext() {
        return nextPageToken != null && !nextPageToken.isBlank();
    }
}
