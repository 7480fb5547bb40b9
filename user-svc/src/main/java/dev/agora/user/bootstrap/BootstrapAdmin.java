package dev.agora.user.bootstrap;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.user.account.PasswordHasher;
import dev.agora.user.account.PasswordPolicy;
import dev.agora.user.account.User;
import dev.agora.user.account.UserRepository;

/**
 * Creates the configured first admin on a fresh database; later starts leave it alone, so a
 * changed password or role survives restarts.
 */
@Component
class BootstrapAdmin {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final BootstrapProperties properties;
    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Clock clock;

    BootstrapAdmin(BootstrapProperties properties, UserRepository users, PasswordPolicy policy, PasswordHasher hasher,
            Clock clock) {
        this.properties = properties;
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createAdmin() {
        if (properties.email() == null || properties.email().isBlank()) {
            return;
        }
        String email = properties.email().trim().toLowerCase();
        policy.check("agora.users.bootstrap-admin.password", properties.password(), properties.name(), email)
            .block(java.time.Duration.ofSeconds(30));
        users.findByEmail(email)
            .hasElement()
            .flatMap(exists -> exists ? Mono.empty() : hasher.hash(properties.password()).flatMap(hash -> {
                var now = clock.instant();
                return users.insert(new User(Uuids.v7(), email, properties.name(), hash,
                        List.of(AgoraPrincipal.ADMIN, AgoraPrincipal.CUSTOMER), null,
                        // The operator who configured the address vouches for it.
                        now, now, now, 0));
            }).doOnNext(u -> log.info("Created bootstrap admin {}", email)))
            .onErrorResume(DuplicateKeyException.class, ex -> Mono.empty())
            .block(java.time.Duration.ofSeconds(30));
    }
}
