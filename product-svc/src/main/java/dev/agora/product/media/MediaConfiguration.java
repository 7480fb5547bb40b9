package dev.agora.product.media;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The media store the configuration names: a local directory, or an S3 bucket. */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MediaStore mediaStore(MediaProperties properties) {
        if (properties.store() == MediaProperties.Store.LOCAL) {
            if (properties.directory() == null) {
                throw new IllegalStateException("agora.media.store is local but agora.media.directory (AGORA_MEDIA_DIRECTORY) is not set");
            }
            return new LocalMediaStore(properties.directory());
        }
        MediaProperties.S3 s3 = properties.s3();
        if (s3.bucket() == null || s3.bucket().isBlank()) {
            throw new IllegalStateException("agora.media.store is s3 but agora.media.s3.bucket (AGORA_MEDIA_S3_BUCKET) is not set");
        }
        // Credentials from the SDK's default chain: IRSA's web identity in a cluster, AWS_* variables elsewhere.
        var builder = S3Client.builder().region(Region.of(s3.region())).httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(s3.pathStyle());
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return new S3MediaStore(builder.build(), s3.bucket());
    }
}
