package dev.agora.defaults.events;

import java.util.Set;

import reactor.core.publisher.Mono;

/** Handlers for the auto-configuration tests, which only care that one exists. */
final class TestHandlers {

    /** Takes payment.succeeded from the payments stream and does nothing with it. */
    static final EventHandler PAYMENTS = new EventHandler() {
        @Override
        public String stream() {
            return "agora:events:payments";
        }

        @Override
        public Set<String> types() {
            return Set.of("payment.succeeded");
        }

        @Override
        public Mono<Void> handle(ReceivedEvent event) {
            return Mono.empty();
        }
    };

    private TestHandlers() {
    }
}
