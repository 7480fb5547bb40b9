package dev.agora.user.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * NIST SP 800-63B style: length 12–128, not one of the 10,000 most common passwords, no
 * composition rules.
 */
@Component
public class PasswordPolicy {

    static final int MIN = 12;
    static final int MAX = 128;

    private final Set<String> common = new HashSet<>();

    PasswordPolicy() {
        try (var reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource("agora/common-passwords.txt").getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.toLowerCase(Locale.ROOT))
                .forEach(common::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Throws a 400 naming {@code field} unless the password is acceptable. */
    public void check(String field, String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        String message = null;
        if (length < MIN || length > MAX) {
            message = "must be between " + MIN + " and " + MAX + " characters";
        }
        else if (common.contains(password.toLowerCase(Locale.ROOT))) {
            message = "is one of the most commonly used passwords; choose another";
        }
        if (message != null) {
            throw AgoraException.badRequest("The password is not acceptable.")
                .withErrors(List.of(new Problems.FieldError(field, message)));
        }
    }
}
