package dev.agora.product.media;

/**
 * A stored upload: the SHA-256 of its bytes as uploaded (hex), and what its renditions are.
 *
 * @param contentType of every rendition (JPEG, or PNG where the upload had transparency)
 * @param width of the original rendition, upright
 * @param height of the original rendition, upright
 * @param bytes of the original rendition
 */
public record Blob(String sha256, String contentType, int width, int height, int bytes) {
}
