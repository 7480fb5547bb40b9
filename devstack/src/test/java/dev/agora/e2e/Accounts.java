package dev.agora.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts as a new user makes them: sign up through the gateway, then follow the emailed link. */
final class Accounts {

    private static final Pattern LINK = Pattern.compile("/verify-email#token=(ev_[A-Za-z0-9_-]+)");

    private Accounts() {
    }

    /**
     * Signs up, proves the address with the link GreenMail received and signs in again, so that
     * the access token returned says {@code emailVerified} (checkout needs it).
     */
    static String verifiedCustomer(Api api, GreenMail mail, String name, String email, String password) {
        var signup = api.post("/api/v1/auth/signup", Api.json(Map.of("name", name, "email", email, "password", password)), null);
        assertThat(signup.status()).as(signup.text()).isEqualTo(201);
        verify(api, mail, email);
        var login = api.post("/api/v1/auth/login", Api.json(Map.of("email", email, "password", password)), null);
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        return login.json().path("accessToken").asString();
    }

    /** Follows the newest verification link sent to {@code email} (waiting up to 30 s for it). */
    static void verify(Api api, GreenMail mail, String email) {
        String token = awaitToken(mail, email);
        var verified = api.post("/api/v1/auth/email/verify", Api.json(Map.of("token", token)), null);
        assertThat(verified.status()).as(verified.text()).isEqualTo(204);
    }

    private static String awaitToken(GreenMail mail, String email) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Optional<String> token = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> to(m, email))
                .map(m -> LINK.matcher(GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "=")))
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .reduce((first, second) -> second);
            if (token.isPresent()) {
                return token.get();
            }
            assertThat(System.nanoTime()).as("a verification email to %s", email).isLessThan(deadline);
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    private static boolean to(MimeMessage message, String email) {
        try {
            return Arrays.toString(message.getAllRecipients()).contains(email);
        }
        catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
