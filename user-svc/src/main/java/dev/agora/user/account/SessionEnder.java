package dev.agora.user.account;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Ends a user's sessions when what they may do changes. The account package says what it needs;
 * the auth package, which owns sessions and depends on accounts, provides it (no cycle).
 */
public interface SessionEnder {

    /** Ends every session and access token of the user, inside the caller's transaction. */
    Mono<Void> endAll(UUID userId);

    /** Ends every session of the user except the one the access token {@code keepJti} belongs to. */
    Mono<Void> endOthers(UUID userId, String keepJti);
}
