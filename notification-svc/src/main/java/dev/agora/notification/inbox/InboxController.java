package dev.agora.notification.inbox;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.PageQuery;

/**
 * The in-app inbox of each user, direct notifications from admins and services, and the failed
 * (dead-lettered) emails admins can retry. Another user's notification is a 404.
 */
@RestController
@RequestMapping("/api/v1/notifications")
class InboxController {

    private final InboxRepository inbox;
    private final Notifier notifier;
    private final Clock clock;

    InboxController(InboxRepository inbox, Notifier notifier, Clock clock) {
        this.inbox = inbox;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** A message to one user. Plain text: clients must escape it when they show it as HTML. */
    record DirectMessage(@NotNull UUID userId,
            @NotEmpty Set<@NotNull @Pattern(regexp = "email|in_app", message = "must be email or in_app") String> channels,
            @NotBlank @Size(max = 200) String subject, @NotBlank @Size(max = 10_000) String body) {
    }

    @Operation(summary = "My in-app notifications, newest first; unread=true for unread only")
    @GetMapping("/me")
    Mono<PageQuery.Page<Notification>> mine(AgoraPrincipal caller, @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return inbox.inbox(caller.userId(), unread, PageQuery.of(page, size));
    }

    @Operation(summary = "Mark one of my notifications read (idempotent)")
    @PostMapping("/{id}/read")
    Mono<Notification> read(AgoraPrincipal caller, @PathVariable UUID id) {
        return inbox.markRead(id, caller.userId(), clock.instant())
            .filter(Boolean::booleanValue)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The notification")))
            .then(inbox.find(id));
    }

    @Operation(summary = "A notification with its delivery log (its user, or admins)")
    @GetMapping("/{id}")
    Mono<Notification> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return inbox.find(id)
            .filter(n -> caller.isAdmin() || caller.is(n.userId()))
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The notification")));
    }

    @Operation(summary = "Send a notification to a user by email and/or in-app (admins and services)")
    @ApiResponse(responseCode = "201", description = "The notification, with its deliveries under way", useReturnTypeSchema = true)
    @PostMapping
    @RequiresRole({ AgoraPrincipal.ADMIN, AgoraPrincipal.SERVICE })
    Mono<ResponseEntity<Notification>> send(AgoraPrincipal caller, @Valid @RequestBody DirectMessage message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subject", message.subject());
        data.put("body", message.body());
        data.put("sentBy", caller.userId().toString());
        return notifier.sendDirect(new Notifier.Recipient(message.userId(), null), data, message.channels())
            .flatMap(inbox::find)
            .map(n -> ResponseEntity.status(HttpStatus.CREATED).body(n));
    }

    @Operation(summary = "Emails that could not be sent after every retry (admin)")
    @GetMapping("/failed")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<PageQuery.Page<Notification>> failed(AgoraPrincipal caller, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return inbox.failed(PageQuery.of(page, size));
    }

    @Operation(summary = "Send a failed email again, with a fresh set of attempts (admin)")
    @PostMapping("/{id}/retry")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Notification> retry(AgoraPrincipal caller, @PathVariable UUID id) {
        return inbox.find(id)
            .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The notification")))
            .flatMap(n -> inbox.retry(id, clock.instant()))
            .flatMap(retried -> retried ? inbox.find(id)
                    : Mono.error(AgoraException.conflict("Only a failed email can be retried.")));
    }
}
