package io.zoomqos.collector.web.security;

/** The scopes of the read surfaces, as granted in JWTs ({@code scope} claim) and static tokens. */
public final class Scopes {

    /** QoS figures: meetings, samples, summaries, the live feed, the page. */
    public static final String READ = "qos.read";
    /** Names, user ids, emails, locations and devices; without it they are pseudonymised or omitted. */
    public static final String READ_PII = "qos.read.pii";
    /** Budget, polling and other operator views. */
    public static final String ADMIN = "qos.admin";

    /** Spring Security's authority of a scope. */
    public static String authority(String scope) {
        return "SCOPE_" + scope;
    }

    private Scopes() {
    }
}
