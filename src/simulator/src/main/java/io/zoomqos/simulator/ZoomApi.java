package io.zoomqos.simulator;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Routes a request to the endpoint that answers it, as Zoom would: {@code /oauth/token}, then
 * under {@code /v2/} the bearer token, then the path; the Heavy QoS endpoints pass the rate
 * limits before they are answered. Only admitted Heavy requests count against the limits; a 401
 * (bad token) is not a Heavy call; 400/404 answers of the Heavy endpoints do count.
 */
final class ZoomApi {

    private final OAuthTokens tokens;
    private final RateLimits limits;
    private final MeetingParticipantEndpoints participants;
    private final ListMeetingsEndpoint listMeetings;

    ZoomApi(OAuthTokens tokens, RateLimits limits, MeetingParticipantEndpoints participants,
            ListMeetingsEndpoint listMeetings) {
        this.tokens = tokens;
        this.limits = limits;
        this.participants = participants;
        this.listMeetings = listMeetings;
    }

    Outcome answer(SimRequest request, Instant realNow, Instant simNow) {
        if (request.path().equals("/oauth/token")) {
            return request.method().equals("POST") ? tokens.issue(request, realNow)
                    : Outcome.answered(null, SimResponse.error(405, 405, "Method not allowed"));
        }
        if (request.path().startsWith("/v2/")) {
            return api(request, realNow, simNow);
        }
        return Outcome.answered(null, notFound());
    }

    private Outcome api(SimRequest request, Instant realNow, Instant simNow) {
        OAuthTokens.Token token = tokens.bearer(request.authorization());
        if (token == null) {
            return Outcome.answered(null, SimResponse.error(401, 124, "Invalid access token."));
        }
        String accountId = token.accountId();
        if (!token.expiresAt().isAfter(realNow)) {
            return Outcome.answered(accountId, SimResponse.error(401, 124, "Access token is expired."));
        }
        String[] s = request.path().substring("/v2/".length()).split("/", -1);
        boolean get = request.method().equals("GET");
        if (get && s.length == 2 && s[0].equals("metrics") && s[1].equals("meetings")) {
            return listMeetings.answer(accountId, request.params(), realNow, simNow);
        }
        Heavy endpoint = get ? Heavy.of(s) : null;
        if (endpoint == null) {
            return Outcome.answered(accountId, notFound());
        }
        RateLimits.Admission admission = limits.admitHeavy(accountId, realNow, simNow);
        if (admission.rejection() != null) {
            return new Outcome(accountId, admission.rejection(), admission.limitType());
        }
        SimResponse answer = switch (endpoint) {
            case PARTICIPANTS -> participants.list(MeetingParticipantEndpoints.Listing.PARTICIPANTS,
                    accountId, s[2], request.params(), simNow);
            case PARTICIPANTS_QOS -> participants.list(MeetingParticipantEndpoints.Listing.PARTICIPANTS_QOS,
                    accountId, s[2], request.params(), simNow);
            case PARTICIPANT_QOS -> participants.single(accountId, s[2], PathSegments.decode(s[4]), request.params(),
                    simNow);
        };
        return Outcome.answered(accountId, answer.withHeaders(admission.headers()));
    }

    /** The Heavy endpoints under {@code metrics/meetings/{meeting}/participants}. */
    private enum Heavy {
        PARTICIPANTS, PARTICIPANTS_QOS, PARTICIPANT_QOS;

        /** The endpoint the path segments after {@code /v2/} name; null for any other path. */
        static @Nullable Heavy of(String[] s) {
            if (s.length < 4 || !s[0].equals("metrics") || !s[1].equals("meetings") || !s[3].equals("participants")) {
                return null;
            }
            if (s.length == 4) {
                return PARTICIPANTS;
            }
            if (s.length == 5 && s[4].equals("qos")) {
                return PARTICIPANTS_QOS;
            }
            return s.length == 6 && s[5].equals("qos") && !s[4].isEmpty() ? PARTICIPANT_QOS : null;
        }
    }

    private static SimResponse notFound() {
        return SimResponse.error(404, 404, "Not found");
    }
}
