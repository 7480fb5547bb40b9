package dev.agora.user.auth;

import java.util.Locale;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Request bodies of the auth endpoints. Emails are trimmed and lower-cased on the way in.
 */
final class AuthRequests {

    private AuthRequests() {
    }

    static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    record Signup(@NotBlank @Size(max = 100) String name, @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(max = 1024) String password) {

        Signup {
            name = name == null ? null : name.trim();
            email = normalizeEmail(email);
        }
    }

    record Login(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 1024) String password) {

        Login {
            email = normalizeEmail(email);
        }
    }

    record Refresh(@NotBlank @Size(max = 512) String refreshToken) {
    }
}
