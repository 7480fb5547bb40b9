package dev.agora.notification.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.samskivert.mustache.Mustache;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agora.notification.NotificationProperties;

/**
 * Mustache templates per notification type and channel: {@code <type>/email-subject.mustache},
 * {@code email.txt.mustache}, {@code email.html.mustache}, {@code in-app-subject.mustache} and
 * {@code in-app.txt.mustache}. A file under {@code agora.notifications.template-dir} wins over the
 * built-in one of the same name. Values are HTML-escaped in the HTML body only.
 */
@Component
public class Templates {

    private static final Pattern TYPE = Pattern.compile("[a-z0-9_.]+");

    /** A rendered message. {@code html} is null where the channel has none. */
    public record Rendered(String subject, String text, String html) {
    }

    private final Mustache.Compiler text = Mustache.compiler().escapeHTML(false).defaultValue("");
    private final Mustache.Compiler html = Mustache.compiler().escapeHTML(true).defaultValue("");
    private final Path overrides;
    /** Built-in templates cannot change while the service runs: read each once. */
    private final Map<String, Optional<String>> builtIns = new ConcurrentHashMap<>();

    Templates(NotificationProperties properties) {
        this.overrides = properties.templateDir();
    }

    /** The email of {@code type}; reads template files, so off the event loop. */
    public Mono<Rendered> email(String type, Map<String, Object> model) {
        return Mono.fromCallable(() -> new Rendered(render(text, type, "email-subject", model).strip(),
                render(text, type, "email.txt", model), render(html, type, "email.html", model)))
            .subscribeOn(Schedulers.boundedElastic());
    }

    /** The in-app notification of {@code type}. */
    public Mono<Rendered> inApp(String type, Map<String, Object> model) {
        return Mono.fromCallable(() -> new Rendered(render(text, type, "in-app-subject", model).strip(),
                render(text, type, "in-app.txt", model).strip(), null))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private String render(Mustache.Compiler compiler, String type, String part, Map<String, Object> model) {
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("not a notification type: " + type);
        }
        String file = type + "/" + part + ".mustache";
        return compiler.compile(source(file).orElseThrow(() -> new IllegalStateException("no template " + file)))
            .execute(model);
    }

    private Optional<String> source(String file) {
        if (overrides != null) {
            Path override = overrides.resolve(file);
            if (Files.isRegularFile(override)) {
                try {
                    return Optional.of(Files.readString(override, StandardCharsets.UTF_8));
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return builtIns.computeIfAbsent(file, Templates::builtIn);
    }

    private static Optional<String> builtIn(String file) {
        ClassPathResource resource = new ClassPathResource("notification-templates/" + file);
        if (!resource.exists()) {
            return Optional.empty();
        }
        try (InputStream in = resource.getInputStream()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
