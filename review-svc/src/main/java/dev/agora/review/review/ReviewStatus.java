package dev.agora.review.review;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A review's state, stored and sent lowercase: {@code published}, {@code hidden} by an admin, or a
 * {@code deleted} tombstone kept until its event is out ({@link ReviewStatusConversions} stores it).
 */
public enum ReviewStatus {
    PUBLISHED, HIDDEN, DELETED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReviewStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
