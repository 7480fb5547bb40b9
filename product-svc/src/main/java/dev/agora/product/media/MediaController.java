package dev.agora.product.media;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;

/**
 * The bytes of uploaded product images. Their URLs name their content, so they never change:
 * browsers and CDNs may keep them for a year, and a repeat request with the ETag is a 304.
 */
@RestController
class MediaController {

    private final MediaLibrary media;

    MediaController(MediaLibrary media) {
        this.media = media;
    }

    @Operation(summary = "An uploaded product image: the original (without metadata), medium (800 px) or thumbnail (200 px)")
    @ApiResponse(responseCode = "200", description = "The image", content = {
        @Content(mediaType = MediaType.IMAGE_JPEG_VALUE, schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")) })
    @ApiResponse(responseCode = "304", description = "Unchanged since the ETag given")
    @GetMapping("/api/v1/media/{sha256}/{rendition}")
    Mono<ResponseEntity<byte[]>> image(@PathVariable String sha256, @PathVariable String rendition,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        String etag = "\"" + sha256 + "-" + rendition + "\"";
        CacheControl cache = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
        if (etag.equals(ifNoneMatch)) {
            return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build());
        }
        return media.read(sha256, rendition)
            .map(stored -> ResponseEntity.ok().eTag(etag).cacheControl(cache)
                .contentType(MediaType.parseMediaType(stored.contentType())).body(stored.bytes()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The image")));
    }
}
