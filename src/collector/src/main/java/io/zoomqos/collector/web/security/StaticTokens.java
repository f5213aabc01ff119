package io.zoomqos.collector.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The static bearer tokens of {@code QOS_API_TOKENS}: only their SHA-256 digests are configured,
 * so the configuration holds nothing a caller could present.
 *
 * <p>Syntax: comma-separated entries {@code sha256:<64 hex digits>} optionally followed by
 * {@code =scope+scope} (e.g. {@code sha256:9f86...=qos.read+qos.admin}); without scopes a token
 * gets {@code qos.read}. A presented token is hashed and compared with every entry in constant
 * time ({@link MessageDigest#isEqual}), so neither the match nor its position leaks through timing.
 */
public final class StaticTokens {

    /** One configured token: its digest and the scopes it grants. */
    public record Entry(byte[] digest, Set<String> scopes) {

        /** A stable, non-secret name for logs and the principal: the first 8 hex digits of the digest. */
        public String name() {
            return "token:" + HexFormat.of().formatHex(digest, 0, 4);
        }
    }

    private final List<Entry> entries;

    private StaticTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @throws IllegalArgumentException naming the entry (by position, never its text) that is malformed */
    public static StaticTokens parse(@Nullable String configured) {
        List<Entry> entries = new ArrayList<>();
        if (configured == null || configured.isBlank()) {
            return new StaticTokens(entries);
        }
        String[] parts = configured.split(",");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            entries.add(entry(part, i + 1));
        }
        return new StaticTokens(entries);
    }

    private static Entry entry(String text, int position) {
        String where = "QOS_API_TOKENS entry " + position;
        int eq = text.indexOf('=');
        String hash = (eq < 0 ? text : text.substring(0, eq)).trim();
        if (!hash.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
            throw new IllegalArgumentException(where + " must start with sha256: (the SHA-256 of the token in hex)");
        }
        String hex = hash.substring("sha256:".length());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(where + " must be sha256: followed by 64 hex digits");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (eq >= 0) {
            for (String scope : text.substring(eq + 1).split("\\+")) {
                if (!scope.isBlank()) {
                    scopes.add(scope.trim());
                }
            }
            if (scopes.isEmpty()) {
                throw new IllegalArgumentException(where + " has '=' but no scope after it (e.g. =qos.read+qos.admin)");
            }
        } else {
            scopes.add(Scopes.READ);
        }
        return new Entry(HexFormat.of().parseHex(hex), Set.copyOf(scopes));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry whose digest is the presented token's, if any; every entry is compared. */
    public @Nullable Entry match(String presented) {
        byte[] digest = sha256(presented);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest) && found == null) {
                found = e;
            }
        }
        return found;
    }

    /** The configuration text of a token: what an operator puts into QOS_API_TOKENS for it. */
    public static String hashOf(String token) {
        return "sha256:" + HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
