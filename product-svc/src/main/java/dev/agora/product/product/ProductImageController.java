package dev.agora.product.product;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.defaults.web.Problems;
import dev.agora.defaults.web.TextInput;
import dev.agora.product.media.MediaLibrary;

/** Uploading a product's images; ordering, alt text and removal go through the product's images list. */
@RestController
class ProductImageController {

    private final ProductRepository products;
    private final ProductChanges changes;
    private final MediaLibrary media;

    ProductImageController(ProductRepository products, ProductChanges changes, MediaLibrary media) {
        this.products = products;
        this.changes = changes;
        this.media = media;
    }

    /** The multipart form of an upload, for the contract (the handler reads the parts itself). */
    record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
            description = "a JPEG, PNG or WebP image of at most 5 MB, 32 to 8000 pixels a side, 40 megapixels in all") String file,
            @Schema(description = "what the image shows, for people who cannot see it", maxLength = 200) String altText) {
    }

    @Operation(summary = "Upload an image of a product (its vendor or an admin); it joins the end of the product's images",
            description = "Multipart fields 'file' and optional 'altText'. The type is judged from the content, not the name; "
                    + "metadata (EXIF, with any GPS position) is removed and the picture turned upright; a medium and a "
                    + "thumbnail rendition are made. The same bytes uploaded again are stored once. At most 10 uploads per "
                    + "product (409 too-many-images). Reorder, caption or remove images by sending the product's images list.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class)))
    @ApiResponse(responseCode = "201", description = "The product with the new image last",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Product.View.class)))
    @PostMapping(path = "/api/v1/products/{id}/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.VENDOR })
    Mono<ResponseEntity<Product.View>> upload(AgoraPrincipal caller, @PathVariable UUID id, ServerWebExchange exchange) {
        long maxBytes = media.limits().maxBytes().toBytes();
        return products.findById(id)
            .filter(p -> caller.isAdmin() || Objects.equals(p.vendorId(), caller.vendorId()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The product")))
            .then(exchange.getMultipartData())
            .flatMap(parts -> {
                Part file = parts.getFirst("file");
                if (!(file instanceof FilePart filePart)) {
                    return Mono.error(AgoraException.badRequest("Send the image as the multipart field 'file'.")
                        .withErrors(java.util.List.of(new Problems.FieldError("file", "is required"))));
                }
                String altText = parts.getFirst("altText") instanceof FormFieldPart field ? field.value() : "";
                if (altText.length() > 200) {
                    return Mono.error(AgoraException.badRequest("The alt text may be at most 200 characters.")
                        .withErrors(java.util.List.of(new Problems.FieldError("altText", "size must be between 0 and 200"))));
                }
                if (TextInput.hasControlCharacter(altText)) {
                    // A form field never meets the JSON decoder's text rules; PostgreSQL refuses a NUL outright.
                    return Mono.error(AgoraException.badRequest("The alt text contains a control character.")
                        .withErrors(java.util.List.of(new Problems.FieldError("altText", "must not contain control characters"))));
                }
                return bytes(filePart, maxBytes)
                    .flatMap(media::prepare)
                    .flatMap(upload -> changes.addImage(id, upload, altText, caller.isAdmin()));
            })
            .map(saved -> ResponseEntity.created(URI.create("/api/v1/products/" + id)).body(saved.view()));
    }

    /**
     * The part's bytes, or 413 past {@code max}. A part too large is read to its end all the same
     * (into nothing): cancelling it halfway would leave the request body half read.
     */
    private static Mono<byte[]> bytes(FilePart part, long max) {
        return Mono.defer(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long[] seen = { 0 };
            return part.content()
                .doOnNext(buffer -> {
                    try {
                        seen[0] += buffer.readableByteCount();
                        if (seen[0] <= max) {
                            byte[] chunk = new byte[buffer.readableByteCount()];
                            buffer.read(chunk);
                            out.writeBytes(chunk);
                        }
                    }
                    finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .then(Mono.fromCallable(() -> {
                    if (seen[0] > max) {
                        throw new AgoraException(ProblemType.PAYLOAD_TOO_LARGE, "An image may be at most " + max / (1024 * 1024) + " MB.");
                    }
                    if (seen[0] == 0) {
                        throw new AgoraException(ProblemType.UNPROCESSABLE_IMAGE, "The file is empty.");
                    }
                    return out.toByteArray();
                }));
        });
    }
}
