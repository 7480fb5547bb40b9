package dev.agora.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few calls BlockHound sees as blocking that never wait on I/O: reads of {@code /dev/urandom}
 * behind {@link java.security.SecureRandom} (token ids, RSA blinding, UUIDs), and Jackson's lock
 * around building a deserializer the first time a type is seen, which concurrent first requests
 * contend on for microseconds. Everything else blocking on an event-loop thread fails the test.
 */
public final class AgoraBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
            .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implGenerateSeed")
            .allowBlockingCallsInside("sun.security.provider.SeedGenerator$URLSeedGenerator", "getSeedBytes")
            .allowBlockingCallsInside("java.util.UUID", "randomUUID")
            .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
    }
}
