package dev.agora.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few calls BlockHound sees as blocking that never wait on I/O: reads of {@code /dev/urandom}
 * behind {@link java.security.SecureRandom} (token ids, RSA blinding, UUIDs), and Jackson's lock
 * around building a deserializer the first time a type is seen, which concurrent first requests
 * contend on for microseconds, and Spring Data Redis's lock around handing out the shared Lettuce
 * connection (opened at start-up by service-defaults' warm-up, so only the lock remains), which
 * concurrent Redis calls contend on just as briefly. Left to BlockHound, that race failed calls
 * mid-transaction and leaked R2DBC connections until the pool ran dry. Everything else blocking on an event-loop
 * thread fails the test.
 */
public final class AgoraBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
            .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implGenerateSeed")
            .allowBlockingCallsInside("sun.security.provider.SeedGenerator$URLSeedGenerator", "getSeedBytes")
            .allowBlockingCallsInside("java.util.UUID", "randomUUID")
            .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
            // Every reactive Redis call takes this lock for a field check; the connect it can also guard
            // happens at start-up (RedisConnectionWarmup).
            .allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock")
            // Lettuce counts concurrent writers on a connection under a lock held for a counter update;
            // 50 concurrent summary reads in review-svc contended it on CI and BlockHound failed the call.
            .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
            .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive")
            // The MongoDB driver guards its Netty read buffers and its connection pool's work queue with
            // locks held for one queue operation. Left to BlockHound, a contended one failed inside the
            // driver's callbacks and the reply was lost: requests hung (review-svc, 50 concurrent lists).
            .allowBlockingCallsInside("com.mongodb.internal.connection.DefaultConnectionPool$AsyncWorkManager", "enqueue")
            .allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream", "handleReadResponse")
            .allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream", "readAsync")
            .allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream", "close")
            .allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream$OpenChannelFutureListener",
                    "operationComplete")
            // OpenTelemetry hands each ended span to its exporter through an ArrayBlockingQueue#offer, which
            // never waits for room but takes the queue's lock for the one insert. A bulk import (thousands of
            // spans a second) contended it with the export thread; BlockHound failed the R2DBC callback that
            // ended the span, the connection closed and the import was left running forever.
            .allowBlockingCallsInside("io.opentelemetry.sdk.trace.export.BatchSpanProcessor$Worker", "addSpan")
            // resilience4j 2 guards a circuit breaker's sliding window with a ReentrantLock held for one
            // array update (record) or one read (getSnapshot), and the open-to-half-open switch with
            // another. Every service call records its outcome on the event loop; under 50 concurrent
            // reviews two contended, BlockHound failed the call, and review-svc answered 503 (ReviewIT).
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record")
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "getSnapshot")
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record")
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "getSnapshot")
            .allowBlockingCallsInside("io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine$OpenState",
                    "toHalfOpenState")
            // Hibernate Validator caches what it learns of a type (its constraints, its interpolated
            // messages) in a map whose segments are ReentrantLocks, held for one insert. Six concurrent
            // first uses of one verification link validated the new request type at once, two inserts
            // contended, BlockHound failed one validation and that request got a 500 (EmailVerificationIT on CI).
            .allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment", "put")
            .allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment",
                    "readValueUnderLock")
            // RSA signing (every access token) takes one JDK-wide lock to hand out blinding values, held
            // for a multiplication; concurrent sign-ins contend on it.
            .allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair")
            // jjwt reads tokens with Jackson 2, which builds a deserializer for a new type under the same
            // kind of lock as Jackson 3 above; the first tokens a service verifies at once contend on it.
            .allowBlockingCallsInside("com.fasterxml.jackson.databind.deser.DeserializerCache",
                    "_createAndCacheValueDeserializer")
            // Spring Data Redis reads a script's digest under the script's lock on every EVALSHA (the
            // gateway's rate limit and the catalogue cache, on every request).
            .allowBlockingCallsInside("org.springframework.data.redis.core.script.DefaultRedisScript", "getSha1")
            // Cancelling a scheduled task removes it from its executor's queue under the queue's lock.
            // Reactor allows that wait for one-shot tasks (SchedulerTask, WorkerTask: reactor-core#3210)
            // but not yet for periodic ones; payment-svc's lease heartbeat (Flux.interval) is stopped on
            // the event loop, and a contended queue failed its cancel (PaymentIT, concurrent charges).
            .allowBlockingCallsInside("reactor.core.scheduler.PeriodicWorkerTask", "dispose")
            .allowBlockingCallsInside("reactor.core.scheduler.PeriodicSchedulerTask", "dispose");
    }
}
