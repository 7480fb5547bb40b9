package dev.agora.product.media;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agora.defaults.Digests;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;

/**
 * Product images as content: an upload is stored once per distinct bytes, with its renditions, and
 * removed when the last image showing it goes. Everything done to one blob happens under its lock,
 * inside a transaction, so an upload and a removal of the same bytes never interleave.
 */
@Service
public class MediaLibrary {

    /** The renditions every upload has, by the name its URL ends in. */
    public static final List<String> RENDITIONS = List.of("original", "medium", "thumbnail");

    private static final Logger log = LoggerFactory.getLogger(MediaLibrary.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern UPLOAD_URL = Pattern.compile("/([0-9a-f]{64})/original$");

    private final MediaBlobs blobs;
    private final MediaStore store;
    private final ImageProcessor processor;
    private final TransactionalOperator tx;
    private final MediaProperties properties;
    private final Clock clock;

    MediaLibrary(MediaBlobs blobs, MediaStore store, TransactionalOperator tx, MediaProperties properties, Clock clock) {
        this.blobs = blobs;
        this.store = store;
        this.processor = new ImageProcessor(properties.limits());
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /** An upload, hashed, and processed unless its bytes are stored already. */
    public static final class Upload {

        private final byte[] bytes;
        private final String sha256;
        private ImageProcessor.Processed processed;

        private Upload(byte[] bytes) {
            this.bytes = bytes;
            this.sha256 = HexFormat.of().formatHex(Digests.sha256(bytes));
        }

        public String sha256() {
            return sha256;
        }
    }

    /**
     * Checks and prepares an upload off the event loop: its type by content, its dimensions, and
     * its renditions (skipped when the same bytes are stored already: re-uploads are free).
     */
    public Mono<Upload> prepare(byte[] bytes) {
        return Mono.fromCallable(() -> new Upload(bytes)).subscribeOn(Schedulers.boundedElastic())
            .flatMap(upload -> blobs.find(upload.sha256).hasElement()
                .flatMap(stored -> stored ? Mono.just(upload) : process(upload)));
    }

    private Mono<Upload> process(Upload upload) {
        return Mono.fromCallable(() -> {
            upload.processed = processor.process(upload.bytes);
            return upload;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Makes sure the upload's blob and objects exist, for an image about to refer to it. Must run
     * inside the transaction that writes that image: the blob's lock is held until it commits.
     */
    public Mono<Blob> attach(Upload upload) {
        return blobs.lock(upload.sha256)
            .then(blobs.find(upload.sha256))
            .switchIfEmpty(Mono.defer(() -> (upload.processed == null ? process(upload) : Mono.just(upload))
                .flatMap(this::write)));
    }

    /**
     * Takes the locks of the uploads these image URLs link to, for a product change about to write
     * them; must run inside that change's transaction. A release of one of them then either commits
     * before the change reads the blob (the image keeps its link, without the upload behind it) or
     * waits until the change has committed (and finds the blob in use). Locks go in one order, so two
     * changes never wait for each other.
     */
    public Mono<Void> hold(Collection<String> urls) {
        return Flux.fromIterable(urls)
            .mapNotNull(MediaLibrary::uploadIn)
            .distinct()
            .sort()
            .concatMap(blobs::lock)
            .then();
    }

    /**
     * The upload an image URL links to: any URL ending in {@code /<sha256>/original}, as
     * ProductRepository's image insert reads it.
     */
    private static String uploadIn(String url) {
        Matcher m = UPLOAD_URL.matcher(url);
        return m.find() ? m.group(1) : null;
    }

    private Mono<Blob> write(Upload upload) {
        ImageProcessor.Processed p = upload.processed;
        String type = p.original().format().contentType;
        Blob blob = new Blob(upload.sha256, type, p.original().width(), p.original().height(), p.original().bytes().length);
        return store.put(key(upload.sha256, "original"), p.original().bytes(), type)
            .then(store.put(key(upload.sha256, "medium"), p.medium().bytes(), type))
            .then(store.put(key(upload.sha256, "thumbnail"), p.thumbnail().bytes(), type))
            .onErrorMap(ex -> !(ex instanceof AgoraException), MediaLibrary::storeUnavailable)
            .then(blobs.insert(blob, clock.instant().truncatedTo(ChronoUnit.MICROS)))
            .thenReturn(blob);
    }

    /** The store failed (S3 down or refusing, a full disk): the upload can be tried again, nothing was kept. */
    private static AgoraException storeUnavailable(Throwable cause) {
        log.warn("The media store failed", cause);
        return new AgoraException(ProblemType.SERVICE_UNAVAILABLE, "The image store is unavailable; try again shortly.");
    }

    /**
     * Removes each blob no image refers to any more, with its objects; the others stay. Called after
     * a change that dropped images has committed. A failure leaves at worst objects without a blob
     * (the next upload of those bytes writes them again), never an image without its objects.
     */
    public Mono<Void> release(Collection<String> sha256s) {
        Set<String> candidates = new LinkedHashSet<>(sha256s);
        return Flux.fromIterable(candidates)
            .concatMap(sha -> tx.transactional(blobs.lock(sha)
                    .then(blobs.referenced(sha))
                    .flatMap(used -> used ? Mono.empty() : blobs.delete(sha)
                        // Deleted under the lock: an upload of the same bytes waits, then writes them anew.
                        .then(store.delete(RENDITIONS.stream().map(r -> key(sha, r)).toList())
                            .onErrorResume(ex -> {
                                log.warn("Objects of media blob {} could not be deleted; they stay unreferenced", sha, ex);
                                return Mono.empty();
                            }))))
                .onErrorResume(ex -> {
                    log.warn("Media blob {} could not be released", sha, ex);
                    return Mono.empty();
                }))
            .then();
    }

    /** An object of a blob, for serving; empty when there is none. */
    public Mono<MediaStore.Stored> read(String sha256, String rendition) {
        if (!SHA256.matcher(sha256).matches() || !RENDITIONS.contains(rendition)) {
            return Mono.empty();
        }
        return store.get(key(sha256, rendition)).onErrorMap(ex -> !(ex instanceof AgoraException), MediaLibrary::storeUnavailable);
    }

    /** The URL the product JSON gives for an upload's original; the renditions replace its last segment. */
    public String url(String sha256) {
        return properties.publicUrl().replaceAll("/+$", "") + "/" + sha256 + "/original";
    }

    public MediaProperties.Limits limits() {
        return properties.limits();
    }

    private static String key(String sha256, String rendition) {
        return sha256 + "/" + rendition;
    }
}
