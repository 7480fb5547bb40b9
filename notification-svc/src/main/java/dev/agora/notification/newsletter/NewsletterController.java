package dev.agora.notification.newsletter;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.IdempotencyKey;
import dev.agora.defaults.web.PageQuery;

/** Newsletters: marketing mail admins write, which users may turn off by email (topic {@code marketing}). */
@RestController
@RequestMapping("/api/v1/notifications/newsletters")
class NewsletterController {

    private final Newsletters newsletters;

    NewsletterController(Newsletters newsletters) {
        this.newsletters = newsletters;
    }

    /** A newsletter to send. Plain text: clients must escape it when they show it as HTML. */
    record Draft(@NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must be one line of text") String subject,
            @NotBlank @Size(max = 20_000) String text) {
    }

    @Operation(summary = "Send a newsletter to every user (admin; Idempotency-Key required)",
            description = "Every user gets it in the inbox; by email those with a verified address who have not turned "
                    + "the marketing topic off. Sending goes on in the background: emailed and delivered count up until "
                    + "the status is sent. The same key and text again answer the newsletter the first sent (nobody "
                    + "gets it twice); other text under the key is a 422.")
    @ApiResponse(responseCode = "202", description = "The newsletter, being sent", useReturnTypeSchema = true)
    @PostMapping
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<ResponseEntity<Newsletter>> send(AgoraPrincipal caller,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String keyHeader, @Valid @RequestBody Draft draft) {
        IdempotencyKey key = IdempotencyKey.require(keyHeader);
        return newsletters.create(draft.subject(), draft.text(), caller.userId(), key)
            .map(n -> ResponseEntity.accepted().location(URI.create("/api/v1/notifications/newsletters/" + n.id())).body(n));
    }

    @Operation(summary = "Newsletters, newest first (admin)")
    @GetMapping
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<PageQuery.Page<Newsletter>> list(AgoraPrincipal caller, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return newsletters.page(PageQuery.of(page, size));
    }

    @Operation(summary = "A newsletter and how far its sending got (admin)")
    @GetMapping("/{id}")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Newsletter> get(AgoraPrincipal caller, @PathVariable UUID id) {
        return newsletters.find(id);
    }
}
