package io.zoomqos.simulator;

import org.jspecify.annotations.Nullable;

/**
 * What the simulator decided about one request, as {@link RequestLog} records it.
 *
 * @param accountId the account the token (or token request) names; null when there is none
 * @param response the answer
 * @param limitType the limit that rejected it ({@code QPS}, {@code Daily-limit}, {@code per-minute}); else null
 */
record Outcome(@Nullable String accountId, SimResponse response, @Nullable String limitType) {

    /** An answer that no limit rejected. */
    static Outcome answered(@Nullable String accountId, SimResponse response) {
        return new Outcome(accountId, response, null);
    }
}
