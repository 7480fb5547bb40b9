package dev.agora.user.recovery;

import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Forgotten passwords: ask for a reset link, then use it. Neither needs (or reads) credentials. */
@RestController
@RequestMapping("/api/v1/auth/password")
class PasswordResetController {

    private final PasswordResets resets;

    PasswordResetController(PasswordResets resets) {
        this.resets = resets;
    }

    record ForgotPassword(@NotBlank @Email @Size(max = 254) String email) {

        ForgotPassword {
            email = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
        }
    }

    record ResetPassword(@NotBlank @Size(max = 100) String token, @NotNull @Size(max = 1024) String password) {

        @Override
        public String toString() {
            return "ResetPassword[token=…, password=…]";
        }
    }

    @Operation(summary = "Email a password reset link (valid 30 minutes, once) if the address has an account",
            description = "Always 202, in the same time, whether or not the address has an account.")
    @ApiResponse(responseCode = "202", description = "If the address has an account, a link is on its way")
    @PostMapping("/forgot")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> forgot(@Valid @RequestBody ForgotPassword request) {
        return resets.request(request.email());
    }

    @Operation(summary = "Set a new password with the token from a reset link; ends every session of the account")
    @ApiResponse(responseCode = "204", description = "The password is changed; sign in with it")
    @PostMapping("/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> reset(@Valid @RequestBody ResetPassword request) {
        return resets.reset(request.token(), request.password());
    }
}
