package dev.agora.product.media;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The {@code media_blobs} table, and the lock that serialises everything done to one blob. */
@Repository
class MediaBlobs {

    private final DatabaseClient db;

    MediaBlobs(DatabaseClient db) {
        this.db = db;
    }

    Mono<Blob> find(String sha256) {
        return db.sql("SELECT sha256, content_type, width, height, bytes FROM media_blobs WHERE sha256 = :sha")
            .bind("sha", sha256)
            .map(row -> new Blob(row.get("sha256", String.class), row.get("content_type", String.class),
                    row.get("width", Integer.class), row.get("height", Integer.class), row.get("bytes", Integer.class)))
            .one();
    }

    /**
     * Until the transaction ends, nobody else stores or removes this blob: an upload of the same
     * bytes and the removal of their last image cannot interleave their object writes and deletes.
     */
    Mono<Void> lock(String sha256) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:sha, 0))").bind("sha", sha256).then();
    }

    Mono<Void> insert(Blob blob, Instant now) {
        return db.sql("""
                INSERT INTO media_blobs (sha256, content_type, width, height, bytes, created_at)
                VALUES (:sha, :type, :width, :height, :bytes, :now) ON CONFLICT (sha256) DO NOTHING""")
            .bind("sha", blob.sha256()).bind("type", blob.contentType()).bind("width", blob.width())
            .bind("height", blob.height()).bind("bytes", blob.bytes()).bind("now", now)
            .then();
    }

    Mono<Boolean> referenced(String sha256) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM product_images WHERE media_sha256 = :sha) AS used").bind("sha", sha256)
            .map(row -> row.get("used", Boolean.class)).one();
    }

    Mono<Long> delete(String sha256) {
        return db.sql("DELETE FROM media_blobs WHERE sha256 = :sha").bind("sha", sha256).fetch().rowsUpdated();
    }
}
