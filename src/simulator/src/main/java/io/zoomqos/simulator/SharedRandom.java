package io.zoomqos.simulator;

import java.util.SplittableRandom;

/**
 * The simulator's one seeded random stream for request handling: access tokens, page tokens and
 * {@code SOMETIMES} header omission all draw from it, in request order. One stream rather than one
 * per use, so that a seed replays exactly the run it always did. Thread-safe.
 */
final class SharedRandom {

    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SplittableRandom random;

    SharedRandom(long seed) {
        this.random = Seeds.random(seed, 9);
    }

    /** An opaque token of {@code length} letters and digits. */
    synchronized String token(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
        }
        return sb.toString();
    }

    synchronized boolean coinFlip() {
        return random.nextBoolean();
    }
}
