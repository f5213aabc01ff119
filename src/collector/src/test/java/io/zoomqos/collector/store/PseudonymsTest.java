package io.zoomqos.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private final Pseudonyms keyed = Pseudonyms.keyed(KEY.getBytes(StandardCharsets.UTF_8));

    @Test
    void theSameValueAlwaysGetsTheSamePseudonymAndAnotherKeyAnother() {
        assertThat(keyed.of("Ann Example")).isEqualTo(keyed.of("Ann Example")).startsWith("h:").hasSize(34)
                .doesNotContain("Ann");
        assertThat(keyed.of("Ann Example")).isNotEqualTo(keyed.of("Bob Example"));
        assertThat(Pseudonyms.keyed("another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8)).of("Ann Example"))
                .isNotEqualTo(keyed.of("Ann Example"));
        assertThat(keyed.of(null)).isNull();
        assertThat(keyed.of("")).isEmpty();
    }

    @Test
    void participantKeysKeepTheirKindSoWebhooksAndPollsStillMeet() {
        assertThat(keyed.participantKey("u:16778240")).startsWith("u:").hasSize(34).doesNotContain("16778240")
                .isEqualTo(keyed.participantKey("u:16778240"));
        assertThat(keyed.participantKey("g:0a1b2c")).startsWith("g:");
    }

    @Test
    void participantsAndSamplesLoseNamesAndIdsButKeepTheRest() {
        Instant join = Instant.parse("2026-11-25T10:00:00Z");
        ParticipantInfo p = keyed.participant(new ParticipantInfo("m", "u:42", "42", "pid-1", "Ann Example", "Mac",
                "Germany", "Wifi", join, null, "6.0"));
        assertThat(p.participantKey()).isEqualTo(keyed.participantKey("u:42"));
        assertThat(p.userId()).isEqualTo(keyed.of("42"));
        assertThat(p.participantUuid()).isEqualTo(keyed.of("pid-1"));
        assertThat(p.userName()).isEqualTo(keyed.of("Ann Example"));
        assertThat(p.device()).isEqualTo("Mac");
        assertThat(p.location()).isEqualTo("Germany");
        assertThat(p.joinTime()).isEqualTo(join);

        QosSample s = keyed.sample(new QosSample("m", "u:42", join, Map.of(), CpuMetrics.ABSENT));
        assertThat(s.participantKey()).isEqualTo(p.participantKey());
    }

    @Test
    void plainModeChangesNothing() {
        Pseudonyms plain = Pseudonyms.from(new PrivacyProperties(PrivacyProperties.Mode.PLAIN, ""));
        assertThat(plain.enabled()).isFalse();
        assertThat(plain.of("Ann")).isEqualTo("Ann");
        assertThat(plain.participantKey("u:42")).isEqualTo("u:42");
    }

    @Test
    void pseudonymousModeNeedsAKeyAndNamesTheVariable() {
        assertThatThrownBy(() -> new PrivacyProperties(PrivacyProperties.Mode.PSEUDONYMOUS, ""))
                .hasMessageContaining("QOS_PRIVACY_KEY").hasMessageContaining("QOS_PRIVACY_MODE");
        assertThatThrownBy(() -> new PrivacyProperties(PrivacyProperties.Mode.PSEUDONYMOUS, null))
                .hasMessageContaining("QOS_PRIVACY_KEY");
        assertThatThrownBy(() -> new PrivacyProperties(PrivacyProperties.Mode.PSEUDONYMOUS, "short"))
                .hasMessageContaining("at least 32");
        assertThat(Pseudonyms.from(new PrivacyProperties(PrivacyProperties.Mode.PSEUDONYMOUS, KEY)).of("x"))
                .isEqualTo(keyed.of("x"));
    }
}
