package dev.agora.defaults.security;

import java.security.interfaces.RSAPublicKey;

import reactor.core.publisher.Mono;

/**
 * Finds the public key for a token's {@code kid}; empty when there is none.
 */
@FunctionalInterface
public interface PublicKeySource {

    Mono<RSAPublicKey> find(String kid);
}
