package io.zoomqos.collector.ratelimit;

/** Why an account is failing: Zoom refuses to serve it at all, whatever the rate. */
public enum AccountFailure {
    /** The API answers 401 even with a freshly issued token (app deactivated, scopes removed). */
    UNAUTHORIZED("unauthorized"),
    /** The OAuth host refuses the account's client id / secret (revoked or wrong credentials). */
    CREDENTIALS_REFUSED("credentials_refused");

    private final String reason;

    AccountFailure(String reason) {
        this.reason = reason;
    }

    /** The reason as shown in {@code /api/v1/budget}, the metric tag and the log. */
    public String reason() {
        return reason;
    }
}
