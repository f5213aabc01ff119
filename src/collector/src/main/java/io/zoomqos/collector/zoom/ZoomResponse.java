package io.zoomqos.collector.zoom;

import org.springframework.http.HttpHeaders;

/** One HTTP answer from Zoom, read completely (bodies are small JSON documents). */
record ZoomResponse(int status, HttpHeaders headers, String body) {

    boolean successful() {
        return status >= 200 && status < 300;
    }
}
