package dev.agora.product.media;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Product images.
 *
 * @param store where the bytes go: {@code local} (a directory, as under make run) or {@code s3}
 * @param directory the local store's directory (application.yml: the temporary directory's agora-media)
 * @param publicUrl the base of the URLs products give for their images: this service's
 *        {@code /api/v1/media} as clients reach it (the gateway's address, or a CDN in front of it)
 * @param s3 the bucket, when {@code store} is {@code s3}
 * @param limits what an upload may be
 */
@ConfigurationProperties("agora.media")
public record MediaProperties(@DefaultValue("local") Store store, Path directory,
        @DefaultValue("http://localhost:8080/api/v1/media") String publicUrl, @DefaultValue S3 s3, @DefaultValue Limits limits) {

    public enum Store {
        LOCAL, S3
    }

    /**
     * @param bucket the bucket's name
     * @param region its region; credentials come from the SDK's default chain (IRSA in a cluster)
     * @param endpoint another S3 endpoint than AWS's (S3Mock in tests, MinIO), or none
     * @param pathStyle {@code bucket} in the path rather than in the host name, as S3Mock and MinIO need
     */
    public record S3(String bucket, @DefaultValue("us-east-1") String region, URI endpoint, @DefaultValue("false") boolean pathStyle) {
    }

    /**
     * @param perProduct uploaded images one product may have
     * @param maxBytes the largest file accepted
     * @param minSide the shortest side, in pixels
     * @param maxSide the longest side, in pixels
     * @param maxPixels width times height at most, so that a small file cannot unpack into gigabytes
     */
    public record Limits(@DefaultValue("10") int perProduct, @DefaultValue("5MB") DataSize maxBytes, @DefaultValue("32") int minSide,
            @DefaultValue("8000") int maxSide, @DefaultValue("40000000") long maxPixels) {
    }
}
