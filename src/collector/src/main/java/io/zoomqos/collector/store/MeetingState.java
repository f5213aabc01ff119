package io.zoomqos.collector.store;

import java.util.Locale;

/** Where a meeting instance stands. Only ever moves from {@link #LIVE} to {@link #ENDED}. */
public enum MeetingState {
    LIVE, ENDED;

    /** The value in the {@code meeting.state} column and in the HTTP API. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code live} / {@code ended} (any case) */
    public static MeetingState parse(String value) {
        for (MeetingState s : values()) {
            if (s.dbValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("state must be 'live' or 'ended', was '" + value + "'");
    }
}
