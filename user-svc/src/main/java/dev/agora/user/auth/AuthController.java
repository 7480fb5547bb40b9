package dev.agora.user.auth;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.user.account.PasswordHasher;
import dev.agora.user.account.User;
import dev.agora.user.account.UserRepository;

/**
 * Signup, login, refresh and logout.
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final Registration registration;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Sessions sessions;

    AuthController(Registration registration, UserRepository users, PasswordHasher hasher, LoginThrottle throttle,
            Sessions sessions) {
        this.registration = registration;
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    /** A new account with the customer role, signed in. */
    record SignupResponse(User.UserView user, String accessToken, String refreshToken, String tokenType,
            long expiresIn) {
    }

    @Operation(summary = "Create a customer account and sign in")
    @ApiResponse(responseCode = "201", description = "The account, signed in", useReturnTypeSchema = true)
    @PostMapping("/signup")
    Mono<ResponseEntity<SignupResponse>> signup(@Valid @RequestBody AuthRequests.Signup request) {
        return registration.register(request)
            .flatMap(user -> sessions.start(user).map(tokens -> ResponseEntity
                .created(URI.create("/api/v1/users/" + user.id()))
                .body(new SignupResponse(user.view(), tokens.accessToken(), tokens.refreshToken(), tokens.tokenType(),
                        tokens.expiresIn()))));
    }

    @Operation(summary = "Exchange email and password for a token pair")
    @PostMapping("/login")
    Mono<TokenPair> login(@Valid @RequestBody AuthRequests.Login request) {
        return throttle.acquire(request.email()).flatMap(slot -> users.findByEmail(request.email())
            .flatMap(user -> hasher.matches(request.password(), user.passwordHash()).filter(ok -> ok).map(ok -> user))
            .switchIfEmpty(Mono.defer(() -> hasher.matches(request.password(), null).then(Mono.empty())))
            .flatMap(user -> throttle.clear(request.email()).then(sessions.start(user)))
            .switchIfEmpty(Mono.error(() -> new AgoraException(ProblemType.INVALID_CREDENTIALS, "The email or password is wrong."))));
    }

    @Operation(summary = "Rotate a refresh token into a new token pair")
    @PostMapping("/refresh")
    Mono<TokenPair> refresh(@Valid @RequestBody AuthRequests.Refresh request) {
        return sessions.rotate(request.refreshToken());
    }

    @Operation(summary = "End the current session: its refresh tokens and this access token stop working")
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(AgoraPrincipal principal) {
        return sessions.endByAccessToken(principal.tokenId(), principal.expiresAt());
    }

    @Operation(summary = "End every session of the caller on every device: all refresh and access tokens stop working")
    @PostMapping("/logout-everywhere")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logoutEverywhere(AgoraPrincipal principal) {
        return sessions.endEverywhere(principal.userId());
    }
}
