package io.zoomqos.collector.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Library code that parks a thread only on a short, bounded lock that guards a one-time cache
 * fill, or reads a device that never blocks; BlockHound would report those as blocking. Everything
 * else stays forbidden on non-blocking threads. Loaded by BlockHound through ServiceLoader.
 */
public class BoundedLockAllowances implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Jackson 3 builds each deserializer once under a ReentrantLock, then serves it from cache.
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
        // Netty's adaptive buffer allocator takes a StampedLock for a moment when it adds a
        // magazine under contention (seen on a loaded 2-core machine: a 500 on an ordinary GET).
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        // SecureRandom (the page's sign-in: state, nonce, PKCE verifier) refills its buffer from
        // /dev/urandom, which never waits once the kernel is seeded; /dev/random (seeds) stays forbidden.
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "ensureBufferValid");
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "getMixRandom");
    }
}
