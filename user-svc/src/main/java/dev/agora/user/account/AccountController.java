package dev.agora.user.account;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;
import dev.agora.defaults.web.Problems;

/**
 * The caller's own account, and user administration.
 */
@RestController
@RequestMapping("/api/v1/users")
class AccountController {

    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final PasswordChanges passwordChanges;
    private final Privileges privileges;
    private final Clock clock;

    AccountController(UserRepository users, PasswordPolicy policy, PasswordHasher hasher,
            PasswordChanges passwordChanges, Privileges privileges, Clock clock) {
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.passwordChanges = passwordChanges;
        this.privileges = privileges;
        this.clock = clock;
    }

    /** Changes to the caller's own account; absent fields stay as they are. */
    record UpdateMe(@Size(min = 1, max = 100) String name, @Size(max = 1024) String currentPassword,
            @Size(max = 1024) String newPassword) {

        UpdateMe {
            name = name == null ? null : name.trim();
        }
    }

    /** The full set of roles a user has from now on. */
    record RolesUpdate(@NotNull @NotEmpty @Size(max = 3) List<@NotNull @Pattern(regexp = "customer|vendor|admin",
            message = "must be customer, vendor or admin") String> roles) {
    }

    @Operation(summary = "The caller's account")
    @GetMapping("/me")
    Mono<User.UserView> me(AgoraPrincipal principal) {
        return users.findById(principal.userId()).map(User::view)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }

    @Operation(summary = "Change the caller's name or password; a password change ends the caller's other sessions")
    @PatchMapping("/me")
    Mono<User.UserView> updateMe(AgoraPrincipal principal, @Valid @RequestBody UpdateMe update) {
        if (update.newPassword() != null) {
            if (update.currentPassword() == null) {
                throw AgoraException.badRequest("Changing the password needs the current password.")
                    .withErrors(List.of(new Problems.FieldError("currentPassword", "is required to change the password")));
            }
        }
        Mono<User> user = users.findById(principal.userId())
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
        // Checks before writes: a refused password must not leave a changed name behind.
        if (update.newPassword() != null) {
            user = user.flatMap(u -> policy.check("newPassword", update.newPassword(), u.name(), u.email()).thenReturn(u))
                .flatMap(u -> passwordChanges.change(u, update.currentPassword(), update.newPassword(), principal.tokenId()));
        }
        if (update.name() != null) {
            user = user.flatMap(u -> users.updateName(u.id(), update.name(), clock.instant()));
        }
        return user.map(User::view);
    }

    @Operation(summary = "A user: the caller themself, or anyone for an admin")
    @GetMapping("/{id}")
    Mono<User.UserView> user(AgoraPrincipal principal, @PathVariable UUID id) {
        if (!principal.is(id) && !principal.isAdmin()) {
            return Mono.error(AgoraException.notFound("The user"));
        }
        return users.findById(id).map(User::view).switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }

    @Operation(summary = "Users, oldest first (admin)")
    @GetMapping
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<PageQuery.Page<User.UserView>> list(AgoraPrincipal principal, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) @Pattern(regexp = "customer|vendor|admin|service") String role,
            @RequestParam(required = false) @Size(max = 254) String email) {
        PageQuery query = PageQuery.of(page, size);
        return users.find(role, email, query.offset(), query.size()).map(User::view).collectList()
            .zipWith(users.count(role, email))
            .map(t -> query.page(t.getT1(), t.getT2()));
    }

    @Operation(summary = "Replace a user's roles (admin); added roles apply from the user's next token, and removing one "
            + "ends all of the user's sessions and access tokens at once")
    @PutMapping("/{id}/roles")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<User.UserView> roles(AgoraPrincipal principal, @PathVariable UUID id, @Valid @RequestBody RolesUpdate update) {
        List<String> roles = update.roles().stream().distinct().sorted().toList();
        if (principal.is(id) && !roles.contains(AgoraPrincipal.ADMIN)) {
            throw AgoraException.conflict("An admin cannot remove their own admin role.");
        }
        return privileges.replaceRoles(id, roles).map(User::view)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The user")));
    }
}
