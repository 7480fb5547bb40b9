package dev.agora.notification.preferences;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * The caller's own notification preferences: which topics it gets by email.
 */
@RestController
@RequestMapping("/api/v1/notifications/preferences")
class PreferencesController {

    private final EmailPreferences preferences;

    PreferencesController(EmailPreferences preferences) {
        this.preferences = preferences;
    }

    /** A topic's email switch. */
    record Change(@NotNull Topic topic, @NotNull Boolean email) {
    }

    /** The topics to change; the others keep their setting. */
    record Changes(@NotEmpty @Size(max = 20) List<@NotNull @Valid Change> topics) {
    }

    @Operation(summary = "My notification preferences: each topic, whether it comes by email, and whether I may turn that off",
            description = "In-app notifications always arrive; transactional mail (orders, payments, the account) is always sent.")
    @GetMapping
    Mono<EmailPreferences.Choices> mine(AgoraPrincipal caller) {
        return preferences.of(caller.userId());
    }

    @Operation(summary = "Turn topics' email on or off; turning off transactional mail is a 400 and changes nothing")
    @PutMapping
    Mono<EmailPreferences.Choices> change(AgoraPrincipal caller, @Valid @RequestBody Changes changes) {
        Map<Topic, Boolean> email = new LinkedHashMap<>();
        for (Change change : changes.topics()) {
            if (email.put(change.topic(), change.email()) != null) {
                throw AgoraException.badRequest("Each topic may appear once.")
                    .withErrors(List.of(new Problems.FieldError("topics", "names " + change.topic().value() + " twice")));
            }
        }
        return preferences.change(caller.userId(), email);
    }
}
