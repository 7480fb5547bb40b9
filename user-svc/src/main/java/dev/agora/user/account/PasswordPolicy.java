package dev.agora.user.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.resources.Feedback;
import me.gosimple.nbvcxz.scoring.Result;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * NIST SP 800-63B style: length 12–128, no composition rules, and hard enough to guess. Guessability
 * is estimated by nbvcxz (a zxcvbn port: dictionaries with a 100,000-entry breached-password list,
 * keyboard patterns, repeats, sequences, dates, l33t), with the user's own name and email address as
 * words an attacker would try first; a password of fewer than {@value #MIN_ENTROPY} bits of entropy
 * is refused with the estimator's reason. The 10,000 most common passwords are refused outright.
 */
@Component
public class PasswordPolicy {

    static final int MIN = 12;
    static final int MAX = 128;
    static final double MIN_ENTROPY = 35;

    private final Set<String> common = new HashSet<>();
    private final List<Dictionary> dictionaries;

    PasswordPolicy() {
        // Loaded while the context starts (about a second: 100,000 breached passwords and the word
        // lists), not by the first signup, which would otherwise wait for it.
        dictionaries = List.copyOf(ConfigurationBuilder.getDefaultDictionaries());
        try (var reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource("agora/common-passwords.txt").getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.toLowerCase(Locale.ROOT))
                .forEach(common::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Completes if the password is acceptable for this user, else fails with a 400 naming
     * {@code field} and the reason. The estimate is CPU work of up to tens of milliseconds, so it
     * runs off the event loop.
     *
     * @param name the user's name, or null
     * @param email the user's email address, or null
     */
    public Mono<Void> check(String field, String password, String name, String email) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < MIN || length > MAX) {
            return Mono.error(refused(field, "must be between " + MIN + " and " + MAX + " characters"));
        }
        if (common.contains(password.toLowerCase(Locale.ROOT))) {
            return Mono.error(refused(field, "is one of the most commonly used passwords; choose another"));
        }
        return Mono.fromCallable(() -> estimate(password, name, email))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(result -> result.isMinimumEntropyMet() ? Mono.<Void>empty()
                    : Mono.error(refused(field, "is too easy to guess" + reason(result.getFeedback()))));
    }

    private Result estimate(String password, String name, String email) {
        List<Dictionary> all = new ArrayList<>(dictionaries);
        List<String> personal = personalWords(name, email);
        if (!personal.isEmpty()) {
            DictionaryBuilder words = new DictionaryBuilder().setDictionaryName("personal").setExclusion(true);
            personal.forEach(word -> words.addWord(word, 0));
            all.add(words.createDictionary());
        }
        return new Nbvcxz(new ConfigurationBuilder().setDictionaries(all).setMinimumEntropy(MIN_ENTROPY)
            .setMaxLength(MAX).createConfiguration()).estimate(password);
    }

    /** The parts of a name and an email address an attacker would try: "ada", "lovelace", "example". */
    static List<String> personalWords(String name, String email) {
        Set<String> words = new HashSet<>();
        for (String text : new String[] { name, email }) {
            if (text == null) {
                continue;
            }
            String lower = text.toLowerCase(Locale.ROOT);
            words.add(lower.trim());
            for (String part : lower.split("[\\s.@+_\\-]+")) {
                if (part.length() >= 3) {
                    words.add(part);
                }
            }
        }
        words.removeIf(String::isBlank);
        return List.copyOf(words);
    }

    private static String reason(Feedback feedback) {
        String warning = feedback.getWarning();
        List<String> suggestions = feedback.getSuggestion();
        StringBuilder text = new StringBuilder();
        if (warning != null && !warning.isBlank()) {
            text.append(": ").append(warning.strip());
        }
        if (suggestions != null && !suggestions.isEmpty()) {
            text.append(text.isEmpty() ? ": " : " ").append(String.join(" ", suggestions).strip());
        }
        return text.toString();
    }

    private static AgoraException refused(String field, String message) {
        return AgoraException.badRequest("The password is not acceptable.")
            .withErrors(List.of(new Problems.FieldError(field, message)));
    }
}
