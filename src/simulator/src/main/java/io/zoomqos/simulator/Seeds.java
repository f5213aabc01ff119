package io.zoomqos.simulator;

import java.util.SplittableRandom;

/** Derives independent deterministic random streams from the scenario seed and coordinates. */
final class Seeds {

    private Seeds() {
    }

    static SplittableRandom random(long seed, long... coordinates) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (long c : coordinates) {
            h = mix(h + 0x9E3779B97F4A7C15L * (c + 1));
        }
        return new SplittableRandom(h);
    }

    /** SplitMix64's finaliser: a good 64-bit avalanche. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
