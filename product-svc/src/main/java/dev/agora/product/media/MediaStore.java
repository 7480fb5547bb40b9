package dev.agora.product.media;

import java.util.Collection;

import reactor.core.publisher.Mono;

/**
 * Where image bytes live, by key ({@code <sha256>/<rendition>}). Keys name their content, so a put
 * of an existing key writes the same bytes again and is harmless.
 */
interface MediaStore {

    /** An object and its type. */
    record Stored(byte[] bytes, String contentType) {
    }

    Mono<Void> put(String key, byte[] bytes, String contentType);

    /** The object, or empty when there is none. */
    Mono<Stored> get(String key);

    /** Deletes the objects; missing ones are no error. */
    Mono<Void> delete(Collection<String> keys);
}
