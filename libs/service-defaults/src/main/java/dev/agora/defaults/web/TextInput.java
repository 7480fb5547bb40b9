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
}
