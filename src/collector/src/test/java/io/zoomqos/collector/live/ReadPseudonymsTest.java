package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReadPseudonymsTest {

    static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
    final ReadPseudonyms pseudonyms = ReadPseudonyms.keyed(SECRET);

    @Test
    void theSameKeyGetsTheSamePseudonymOnEveryInstanceWithTheSameSecret() {
        String a = pseudonyms.of("u:ada@example.com");
        assertThat(a).startsWith(ReadPseudonyms.PREFIX).doesNotContain("ada").isEqualTo(pseudonyms.of("u:ada@example.com"))
                .isEqualTo(ReadPseudonyms.keyed(SECRET).of("u:ada@example.com"));
        assertThat(pseudonyms.of("u:grace@example.com")).isNotEqualTo(a);
        assertThat(ReadPseudonyms.keyed("another-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8))
                .of("u:ada@example.com")).isNotEqualTo(a);
        assertThat(pseudonyms.of(null)).isNull();
    }

    @Test
    void onlyThisKeyTurnsAPseudonymBack() {
        String key = "g:Ada Lovelace|ada@example.com";
        assertThat(pseudonyms.reveal(pseudonyms.of(key))).isEqualTo(key);
        assertThat(ReadPseudonyms.keyed("another-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8))
                .reveal(pseudonyms.of(key))).isNull();
    }

    @Test
    void aTamperedOrForeignPseudonymRevealsNothing() {
        String p = pseudonyms.of("u:12345");
        byte[] raw = Base64.getUrlDecoder().decode(p.substring(2));
        raw[raw.length - 1] ^= 1;
        assertThat(pseudonyms.reveal("x:" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw))).isNull();
        assertThat(pseudonyms.reveal("x:not base64!")).isNull();
        assertThat(pseudonyms.reveal("x:AAAA")).isNull();
        assertThat(pseudonyms.reveal("u:12345")).isNull();
    }

    @Test
    void aFilterNeverTakesARawKeySoGuessingOneFindsNobody() {
        assertThat(pseudonyms.resolveFilter(pseudonyms.of("u:12345"))).isEqualTo("u:12345");
        assertThat(pseudonyms.resolveFilter("u:12345")).isNotEqualTo("u:12345").startsWith("!");
        assertThat(pseudonyms.resolveFilter(" ")).isNull();
        assertThat(pseudonyms.resolveFilter(null)).isNull();
    }

    @Test
    void redactingPseudonymisesIdentifiersAndDropsPersonalFieldsAtAnyDepth() {
        JsonNode tree = JsonMapper.builder().build().readTree("""
                {"participantKey":"u:1","seq":3,"data":{"participantKey":"u:1","hostId":"host-7","userName":"Ada",
                 "items":[{"email":"ada@example.com","device":"Mac","location":"DE","minute":"m"}]}}""");
        pseudonyms.redact(tree);
        String p = pseudonyms.of("u:1");
        assertThat(tree.get("participantKey").stringValue()).isEqualTo(p);
        assertThat(tree.get("data").get("participantKey").stringValue()).isEqualTo(p);
        assertThat(tree.get("data").get("hostId").stringValue()).isEqualTo(pseudonyms.of("host-7"));
        assertThat(tree.get("data").has("userName")).isFalse();
        JsonNode item = tree.get("data").get("items").get(0);
        assertThat(item.has("email")).isFalse();
        assertThat(item.has("device")).isFalse();
        assertThat(item.has("location")).isFalse();
        assertThat(item.get("minute").stringValue()).isEqualTo("m");
        assertThat(tree.get("seq").asInt()).isEqualTo(3);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> ReadPseudonyms.keyed(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
