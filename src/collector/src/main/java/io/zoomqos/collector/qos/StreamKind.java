package io.zoomqos.collector.qos;

/** The media streams of a participant-minute, as Zoom names them in {@code user_qos[]}. */
public enum StreamKind {
    AUDIO_INPUT("audio_input"),
    AUDIO_OUTPUT("audio_output"),
    VIDEO_INPUT("video_input"),
    VIDEO_OUTPUT("video_output"),
    SHARE_INPUT("as_input"),
    SHARE_OUTPUT("as_output");

    private final String zoomName;

    StreamKind(String zoomName) {
        this.zoomName = zoomName;
    }

    /** The JSON field name in Zoom's QoS record. */
    public String zoomName() {
        return zoomName;
    }
}
