package dev.agora.user.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin, created when the database has no user with this email.
 *
 * @param email the admin's email; empty means no bootstrap admin
 * @param password the admin's initial password (a Kubernetes Secret in production)
 * @param name the admin's display name
 */
@ConfigurationProperties("agora.users.bootstrap-admin")
record BootstrapProperties(String email, String password, @DefaultValue("Administrator") String name) {

    @Override
    public String toString() {
        return "BootstrapProperties[email=" + email + "]";
    }
}
