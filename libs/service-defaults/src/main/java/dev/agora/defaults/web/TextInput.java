package dev.agora.defaults.web;

/**
 * What text a client may send. Control characters (U+0000 to U+001F but tab, line feed and carriage
 * return, and U+007F) belong in no field Agora stores: PostgreSQL refuses NUL outright, and the rest
 * only ever arrive to break a log line, a CSV export or a terminal.
 */
public final class TextInput {

    private TextInput() {
    }

    /** Whether {@code text} holds a character no text field may hold. */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code text} holds half of a surrogate pair: JSON can spell one ({@code "\\ud800"}), but
     * it is no character, so UTF-8 has no bytes for it; Java's encoder writes {@code ?} in its place
     * and a strict one (BouncyCastle's, under the password hash) throws.
     */
    public static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
