package dev.agora.product.vendor;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.agora.defaults.security.AgoraPrincipal;

/**
 * A seller on the platform, owned by one user.
 */
public record Vendor(UUID id, UUID ownerUserId, String name, String contactEmail, String contactPhone,
        String businessName, String businessType, String taxId, Address address, boolean active,
        VerificationStatus verificationStatus, UUID verifiedBy, Instant verifiedAt, String verificationNote, Instant createdAt,
        Instant updatedAt, long version) {

    /** Whether anonymous callers may see it and its products. */
    public boolean isPublic() {
        return active && verificationStatus == VerificationStatus.VERIFIED;
    }

    /** Whether the caller may see and change its private details. */
    public boolean isManagedBy(AgoraPrincipal caller) {
        return caller != null && (caller.isAdmin() || caller.is(ownerUserId));
    }

    /**
     * A postal address.
     */
    public record Address(@Size(max = 200) String line1, @Size(max = 200) String line2, @Size(max = 100) String city,
            @Size(max = 100) String region, @Size(max = 20) String postalCode,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country) {
    }

    /** A vendor as one caller may see it: public fields, or everything for its owner and admins. */
    @io.swagger.v3.oas.annotations.media.Schema(oneOf = { PublicView.class, PrivateView.class })
    public sealed interface View permits PublicView, PrivateView {
    }

    /** What everyone may see. */
    public record PublicView(UUID id, String name, String businessName, String businessType, Instant createdAt) implements View {
    }

    /** What the owner and admins see. */
    public record PrivateView(UUID id, UUID ownerUserId, String name, String contactEmail, String contactPhone,
            String businessName, String businessType, String taxId, Address address, boolean active,
            VerificationStatus verificationStatus,
            UUID verifiedBy, Instant verifiedAt, String verificationNote, Instant createdAt,
            Instant updatedAt, long version) implements View {
    }

    public PublicView publicView() {
        return new PublicView(id, name, businessName, businessType, createdAt);
    }

    public PrivateView privateView() {
        return new PrivateView(id, ownerUserId, name, contactEmail, contactPhone, businessName, businessType, taxId,
                address, active, verificationStatus, verifiedBy, verifiedAt, verificationNote, createdAt, updatedAt,
                version);
    }

    /** The view the caller is entitled to. */
    public View viewFor(AgoraPrincipal caller) {
        return isManagedBy(caller) ? privateView() : publicView();
    }
}
