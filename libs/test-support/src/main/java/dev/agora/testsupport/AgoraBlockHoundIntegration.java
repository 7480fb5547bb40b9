package dev.agora.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few JDK calls BlockHound sees as blocking that never block in practice: reads of
 * {@code /dev/urandom} behind {@link java.security.SecureRandom} (token ids, RSA blinding, UUIDs).
 * Everything else blocking on an event-loop thread fails the test.
 */
public final class AgoraBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
            .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implGenerateSeed")
            .allowBlockingCallsInside("sun.security.provider.SeedGenerator$URLSeedGenerator", "getSeedBytes")
            .allowBlockingCallsInside("java.util.UUID", "randomUUID");
    }
}
