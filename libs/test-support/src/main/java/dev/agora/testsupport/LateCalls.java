package dev.agora.testsupport;

import java.util.List;

import org.reactivestreams.Subscription;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;

/** Calls that never answer, for testing what a deadline does with them. */
public final class LateCalls {

    private LateCalls() {
    }

    /**
     * Never answers, and throws when cancelled: what a Redis command traced by Lettuce's Micrometer
     * tracing does now and then when cancelled before its span started.
     */
    public static <T> Flux<T> throwingWhenCancelled() {
        return Flux.from(subscriber -> subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                throw new IllegalStateException("Span wasn't started - an observation must be started (not only created)");
            }
        }));
    }

    /** Redis whose scripts never answer and throw when cancelled, as {@link #throwingWhenCancelled()}. */
    public static ReactiveStringRedisTemplate redisRunningLate() {
        return new ReactiveStringRedisTemplate(new LettuceConnectionFactory()) {
            @Override
            public <T> Flux<T> execute(RedisScript<T> script, List<String> keys, List<?> args) {
                return throwingWhenCancelled();
            }
        };
    }
}
