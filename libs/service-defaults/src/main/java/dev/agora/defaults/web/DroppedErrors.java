package dev.agora.defaults.web;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.codec.DecodingException;
import reactor.core.publisher.Hooks;

/**
 * Where an error goes that arrives after its pipeline ended: Reactor drops it, and by default logs
 * it at ERROR with its stack trace. Spring's multipart reader hands a malformed body's
 * {@link DecodingException} both to the part being read and to the stream of parts, so every
 * truncated upload, already answered with its 400, also logged an ERROR: an alert for an SRE about
 * a client's bad request. A dropped {@code DecodingException} is the client's body and goes to
 * DEBUG; any other dropped error stays an ERROR with its trace, as Reactor logs it.
 */
final class DroppedErrors implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);

    /** Reactor's hook is global and cumulative: installed once per JVM, however many contexts start. */
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    @Override
    public void afterPropertiesSet() {
        if (INSTALLED.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedErrors::log);
        }
    }

    private static void log(Throwable error) {
        if (error instanceof DecodingException) {
            log.debug("A malformed request body failed again after its answer: {}", error.toString());
        }
        else {
            log.error("Operator called default onErrorDropped", error);
        }
    }
}
