package dev.agora.user.address;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An address as a client sends it, validated as checkout validates an inline address, so any saved
 * address can be shipped to. Text is trimmed; an empty optional field is none.
 *
 * @param isDefault true makes it the default (the first address is the default anyway); false or
 *        absent leaves the default where it is
 */
record AddressRequest(@Size(max = 50) String label, @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 200) String line1, @Size(max = 200) String line2, @NotBlank @Size(max = 100) String city,
        @Size(max = 100) String region, @NotBlank @Size(max = 20) String postalCode,
        @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
        Boolean isDefault) {

    AddressRequest {
        label = optional(label);
        name = name == null ? null : name.trim();
        line1 = line1 == null ? null : line1.trim();
        line2 = optional(line2);
        city = city == null ? null : city.trim();
        region = optional(region);
        postalCode = postalCode == null ? null : postalCode.trim();
    }

    boolean makesDefault() {
        return Boolean.TRUE.equals(isDefault);
    }

    private static String optional(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
