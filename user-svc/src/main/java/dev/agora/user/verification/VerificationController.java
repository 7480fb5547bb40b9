package dev.agora.user.verification;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.user.account.User;

/** Proving an email address: the link's token, another link, and an admin vouching for an address. */
@RestController
class VerificationController {

    private final EmailVerifications verifications;

    VerificationController(EmailVerifications verifications) {
        this.verifications = verifications;
    }

    record VerifyEmail(@NotBlank @Size(max = 100) String token) {

        @Override
        public String toString() {
            return "VerifyEmail[token=…]";
        }
    }

    @Operation(summary = "Prove the account's email address with the token from its verification link",
            description = "Needs no sign-in: the link may be opened on another device. The link works once, for 24 hours; "
                    + "tokens the account holds from now on say emailVerified.")
    @ApiResponse(responseCode = "204", description = "The address is verified")
    @PostMapping("/api/v1/auth/email/verify")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> verify(@Valid @RequestBody VerifyEmail request) {
        return verifications.verify(request.token()).then();
    }

    @Operation(summary = "Email the caller another verification link",
            description = "409 when the address is verified already; at most 3 links an hour (429 with Retry-After).")
    @ApiResponse(responseCode = "202", description = "A new link is on its way; earlier ones keep working until used or expired")
    @PostMapping("/api/v1/users/me/email-verification")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> resend(AgoraPrincipal caller) {
        return verifications.resend(caller.userId());
    }

    @Operation(summary = "Mark a user's email address verified (admin), for a customer whose link never arrives")
    @PutMapping("/api/v1/users/{id}/email-verified")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<User.UserView> confirm(AgoraPrincipal caller, @PathVariable UUID id) {
        return verifications.confirm(id).map(User::view)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }
}
