package dev.agora.product.media;

import java.util.Collection;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Images in an S3 bucket through the AWS SDK. The SDK's client blocks, so every call runs on the
 * bounded elastic scheduler; an image is at most a few megabytes, read and written whole.
 */
final class S3MediaStore implements MediaStore {

    private final S3Client s3;
    private final String bucket;

    S3MediaStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Mono<Void> put(String key, byte[] bytes, String contentType) {
        return Mono.<Void>fromRunnable(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                .cacheControl("public, max-age=31536000, immutable"), RequestBody.fromBytes(bytes)))
            .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Stored> get(String key) {
        return Mono.fromCallable(() -> {
            try {
                ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                return new Stored(object.asByteArray(), object.response().contentType());
            }
            catch (NoSuchKeyException ex) {
                return null;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> delete(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        return Mono.<Void>fromRunnable(() -> s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder()
                .objects(keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList()).quiet(true).build())))
            .subscribeOn(Schedulers.boundedElastic());
    }
}
