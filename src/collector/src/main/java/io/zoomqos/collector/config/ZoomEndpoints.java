package io.zoomqos.collector.config;

import java.net.URI;

/**
 * Where the Zoom client sends its requests. By default the configured {@code QOS_ZOOM_API_URL}
 * and {@code QOS_ZOOM_OAUTH_URL}; when the demo's simulator plays Zoom it supplies its own
 * (primary) bean, whose addresses are known only once the web server has a port. Read on every
 * request (and every WebSocket connection), not cached, for that reason.
 */
public interface ZoomEndpoints {

    /** REST base, e.g. {@code https://api.zoom.us/v2}. */
    URI apiUrl();

    /** OAuth base; the token endpoint is {@code {oauthUrl}/oauth/token}. */
    URI oauthUrl();

    /** WebSocket event base; empty = the configured {@code QOS_ZOOM_WS_URL}. */
    default java.util.Optional<URI> eventSocketUrl() {
        return java.util.Optional.empty();
    }

    static ZoomEndpoints fixed(URI apiUrl, URI oauthUrl) {
        return new ZoomEndpoints() {
            @Override
            public URI apiUrl() {
                return apiUrl;
            }

            @Override
            public URI oauthUrl() {
                return oauthUrl;
            }
        };
    }

    /** Addresses known only once a server listens (the demo's simulator on the collector's port). */
    static ZoomEndpoints fixedLazily(java.util.function.Supplier<URI> apiUrl, java.util.function.Supplier<URI> oauthUrl) {
        return new ZoomEndpoints() {
            @Override
            public URI apiUrl() {
                return apiUrl.get();
            }

            @Override
            public URI oauthUrl() {
                return oauthUrl.get();
            }
        };
    }

    /** As {@link #fixedLazily(java.util.function.Supplier, java.util.function.Supplier)}, with the WebSocket event base too. */
    static ZoomEndpoints fixedLazily(java.util.function.Supplier<URI> apiUrl, java.util.function.Supplier<URI> oauthUrl,
                                     java.util.function.Supplier<URI> eventSocketUrl) {
        return new ZoomEndpoints() {
            @Override
            public URI apiUrl() {
                return apiUrl.get();
            }

            @Override
            public URI oauthUrl() {
                return oauthUrl.get();
            }

            @Override
            public java.util.Optional<URI> eventSocketUrl() {
                return java.util.Optional.of(eventSocketUrl.get());
            }
        };
    }
}
