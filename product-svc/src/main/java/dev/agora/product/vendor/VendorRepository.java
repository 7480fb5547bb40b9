package dev.agora.product.vendor;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vendors in PostgreSQL.
 */
@Repository
public class VendorRepository {

    private static final String COLUMNS = """
            id, owner_user_id, name, contact_email::text AS contact_email, contact_phone, business_name, business_type,
            tax_id, address::text AS address, active, verification_status, verified_by, verified_at, verification_note,
            created_at, updated_at, version""";

    private final DatabaseClient db;
    private final JsonMapper json;

    VendorRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Vendor> insert(Vendor v) {
        return db.sql("""
                INSERT INTO vendors (id, owner_user_id, name, contact_email, contact_phone, business_name, business_type,
                    tax_id, address, active, verification_status, verified_by, verified_at, created_at, updated_at)
                VALUES (:id, :owner, :name, :email, :phone, :businessName, :businessType, :taxId, CAST(:address AS jsonb),
                    true, :status, :verifiedBy, :verifiedAt, :now, :now)""")
            .bind("id", v.id()).bind("owner", v.ownerUserId()).bind("name", v.name()).bind("email", v.contactEmail())
            .bind("phone", nullable(v.contactPhone())).bind("businessName", v.businessName())
            .bind("businessType", v.businessType()).bind("taxId", nullable(v.taxId()))
            .bind("address", json.writeValueAsString(v.address())).bind("status", v.verificationStatus().value())
            .bind("verifiedBy", nullableUuid(v.verifiedBy())).bind("verifiedAt", nullableInstant(v.verifiedAt()))
            .bind("now", v.createdAt())
            .then()
            .then(findById(v.id()));
    }

    public Mono<Vendor> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM vendors WHERE id = :id").bind("id", id).map(this::map).one();
    }

    Flux<Vendor> find(String status, boolean publicOnly, long offset, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM vendors WHERE " + FILTER + " ORDER BY name, id LIMIT :limit OFFSET :offset")
            .bind("status", status == null ? "" : status).bind("publicOnly", publicOnly)
            .bind("limit", limit).bind("offset", offset)
            .map(this::map).all();
    }

    Mono<Long> count(String status, boolean publicOnly) {
        return db.sql("SELECT count(*) AS n FROM vendors WHERE " + FILTER)
            .bind("status", status == null ? "" : status).bind("publicOnly", publicOnly)
            .map(row -> row.get("n", Long.class)).one();
    }

    private static final String FILTER = """
            (:status = '' OR verification_status = :status)
            AND (NOT :publicOnly OR (active AND verification_status = 'verified'))""";

    /** Updates the details; empty when {@code version} is stale or the vendor is gone. */
    Mono<Vendor> updateDetails(Vendor v, long version, Instant now) {
        return db.sql("""
                UPDATE vendors SET name = :name, contact_email = :email, contact_phone = :phone,
                    business_name = :businessName, business_type = :businessType, tax_id = :taxId,
                    address = CAST(:address AS jsonb), updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version""")
            .bind("id", v.id()).bind("version", version).bind("name", v.name()).bind("email", v.contactEmail())
            .bind("phone", nullable(v.contactPhone())).bind("businessName", v.businessName())
            .bind("businessType", v.businessType()).bind("taxId", nullable(v.taxId()))
            .bind("address", json.writeValueAsString(v.address())).bind("now", now)
            .fetch().rowsUpdated()
            .flatMap(n -> n == 0 ? Mono.empty() : findById(v.id()));
    }

    Mono<Vendor> setVerification(UUID id, VerificationStatus status, UUID by, String note, Instant now) {
        return db.sql("""
                UPDATE vendors SET verification_status = :status, verified_by = :by, verified_at = :now,
                    verification_note = :note, updated_at = :now, version = version + 1
                WHERE id = :id""")
            .bind("id", id).bind("status", status.value()).bind("by", by).bind("note", nullable(note)).bind("now", now)
            .then()
            .then(findById(id));
    }

    Mono<Vendor> findByOwner(UUID ownerUserId) {
        return db.sql("SELECT " + COLUMNS + " FROM vendors WHERE owner_user_id = :owner").bind("owner", ownerUserId)
            .map(this::map).one();
    }

    /**
     * A rejected applicant applies again: the same vendor row (one per user) takes the new details
     * and is pending review once more; empty unless it was rejected.
     */
    Mono<Vendor> reapply(Vendor v, Instant now) {
        return db.sql("""
                UPDATE vendors SET name = :name, contact_email = :email, contact_phone = :phone,
                    business_name = :businessName, business_type = :businessType, tax_id = :taxId,
                    address = CAST(:address AS jsonb), active = true, verification_status = 'pending', verified_by = NULL,
                    verified_at = NULL, verification_note = NULL, updated_at = :now, version = version + 1
                WHERE id = :id AND verification_status = 'rejected'""")
            .bind("id", v.id()).bind("name", v.name()).bind("email", v.contactEmail())
            .bind("phone", nullable(v.contactPhone())).bind("businessName", v.businessName())
            .bind("businessType", v.businessType()).bind("taxId", nullable(v.taxId()))
            .bind("address", json.writeValueAsString(v.address())).bind("now", now)
            .fetch().rowsUpdated()
            .flatMap(n -> n == 0 ? Mono.empty() : findById(v.id()));
    }

    Mono<Void> activate(UUID id, Instant now) {
        return db.sql("UPDATE vendors SET active = true, updated_at = :now, version = version + 1 WHERE id = :id")
            .bind("id", id).bind("now", now).then();
    }

    Mono<Void> deactivate(UUID id, Instant now) {
        return db.sql("UPDATE vendors SET active = false, updated_at = :now, version = version + 1 WHERE id = :id")
            .bind("id", id).bind("now", now).then();
    }

    private Vendor map(Readable row) {
        String address = row.get("address", String.class);
        return new Vendor(row.get("id", UUID.class), row.get("owner_user_id", UUID.class), row.get("name", String.class),
                row.get("contact_email", String.class), row.get("contact_phone", String.class),
                row.get("business_name", String.class), row.get("business_type", String.class),
                row.get("tax_id", String.class), json.readValue(address, Vendor.Address.class),
                Boolean.TRUE.equals(row.get("active", Boolean.class)),
                VerificationStatus.of(row.get("verification_status", String.class)),
                row.get("verified_by", UUID.class), row.get("verified_at", Instant.class),
                row.get("verification_note", String.class), row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class), row.get("version", Long.class));
    }

    private static Parameter nullable(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static Parameter nullableUuid(UUID value) {
        return Parameter.fromOrEmpty(value, UUID.class);
    }

    private static Parameter nullableInstant(Instant value) {
        return Parameter.fromOrEmpty(value, Instant.class);
    }
}
