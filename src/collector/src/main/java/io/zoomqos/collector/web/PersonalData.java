package io.zoomqos.collector.web;

import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomProperties;
import io.zoomqos.collector.live.ReadPseudonyms;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.Meeting;
import io.zoomqos.collector.store.ParticipantSummary;
import io.zoomqos.collector.store.PrivacyProperties;
import io.zoomqos.collector.store.SampleCursor;
import io.zoomqos.collector.store.SampleQuery;
import io.zoomqos.collector.web.security.Scopes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whether this caller may see people's names, user ids, devices and locations, and the
 * identifiers built from them (participant keys, host ids): only with scope {@code qos.read.pii}
 * (or when every surface is open, {@code QOS_AUTH_DISABLED=true}). Other readers get
 * {@link ReadPseudonyms} in place of the identifiers and nothing of the rest.
 */
@Component
class PersonalData {

    private static final Logger log = LoggerFactory.getLogger(PersonalData.class);

    private final CallerScopes scopes;
    private final ReadPseudonyms pseudonyms;

    PersonalData(CallerScopes scopes, PrivacyProperties privacy, ZoomAccounts accounts) {
        this.scopes = scopes;
        this.pseudonyms = ReadPseudonyms.keyed(secret(privacy, accounts));
    }

    Mono<Boolean> visibleTo(ServerWebExchange exchange) {
        return scopes.of(exchange).map(s -> s.contains(Scopes.READ_PII));
    }

    /** What this caller may see, as a {@link Reader}. */
    Mono<Reader> reader(ServerWebExchange exchange) {
        return visibleTo(exchange).map(pii -> new Reader(pii, pseudonyms));
    }

    /**
     * One caller's view: with {@code pii}, everything as stored; without, identifiers replaced by
     * pseudonyms (and pseudonyms it sends back, in filters and cursors, resolved) and personal
     * fields left out.
     */
    record Reader(boolean pii, ReadPseudonyms pseudonyms) {

        String participantKey(String key) {
            return pii ? key : Objects.requireNonNull(pseudonyms.of(key));
        }

        /** Names, user ids, participant ids, devices, locations: only with qos.read.pii. */
        @Nullable String personal(@Nullable String value) {
            return pii ? value : null;
        }

        Meeting meeting(Meeting m) {
            return pii ? m : new Meeting(m.uuid(), m.meetingId(), m.accountId(), pseudonyms.of(m.hostId()), m.topic(),
                    m.type(), m.state(), m.startTime(), m.endTime(), m.participantCount(), m.updatedAt(), m.liveState(),
                    m.liveReason(), m.attention(), m.pinned(), m.discoveredBy(), m.closedBy());
        }

        ParticipantSummary summary(ParticipantSummary s) {
            return pii ? s : new ParticipantSummary(s.meetingUuid(), participantKey(s.participantKey()), s.minutesWithData(),
                    s.poorMinutes(), s.poor(), s.computedAt(), s.streams());
        }

        QosSample sample(QosSample s) {
            return pii ? s : new QosSample(s.meetingUuid(), participantKey(s.participantKey()), s.minute(), s.streams(), s.cpu());
        }

        /** The query with the caller's pseudonyms (participant filter, cursor) turned back into keys. */
        SampleQuery query(SampleQuery q) {
            if (pii) {
                return q;
            }
            SampleCursor after = q.after() == null ? null
                    : new SampleCursor(q.after().minute(), Objects.requireNonNull(pseudonyms.resolveFilter(q.after().participantKey())));
            return new SampleQuery(q.meetingUuid(), pseudonyms.resolveFilter(q.participantKey()), q.from(), q.to(), after, q.limit());
        }

        /** A stream filter's participant as the store knows it. */
        @Nullable String participantFilter(@Nullable String participant) {
            return pii ? participant : pseudonyms.resolveFilter(participant);
        }

        /** For the live feed: null when the caller sees events as stored. */
        @Nullable ReadPseudonyms feed() {
            return pii ? null : pseudonyms;
        }
    }

    /**
     * A secret every replica shares, so a pseudonym means the same participant on all of them and
     * across restarts: {@code QOS_PRIVACY_KEY} when set, else one derived from the Zoom apps'
     * secrets (then rotating those changes the pseudonyms readers see).
     */
    private static byte[] secret(PrivacyProperties privacy, ZoomAccounts accounts) {
        String key = privacy.key();
        if (key != null && key.strip().length() >= PrivacyProperties.MIN_KEY_LENGTH) {
            return key.strip().getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder secrets = new StringBuilder("zoom app secrets");
        accounts.all().stream().sorted(Comparator.comparing(ZoomProperties.Account::id)).forEach(a -> secrets
                .append('\u0000').append(a.id())
                .append('\u0000').append(a.clientSecret() == null ? "" : a.clientSecret())
                .append('\u0000').append(a.webhookSecret() == null ? "" : a.webhookSecret()));
        boolean anySecret = accounts.all().stream().anyMatch(a -> a.clientSecret() != null && !a.clientSecret().isBlank()
                || a.webhookSecret() != null && !a.webhookSecret().isBlank());
        if (!anySecret) {
            log.warn("no QOS_PRIVACY_KEY and no Zoom app secret: the pseudonyms readers without qos.read.pii see"
                    + " change at every start and differ between replicas");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(secrets.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
