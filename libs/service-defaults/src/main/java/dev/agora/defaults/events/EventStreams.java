package dev.agora.defaults.events;

/** The platform's event streams, one per producing service (DESIGN.md, Events). */
public final class EventStreams {

    public static final String USERS = "agora:events:users";
    public static final String PRODUCTS = "agora:events:products";
    public static final String ORDERS = "agora:events:orders";
    public static final String PAYMENTS = "agora:events:payments";
    public static final String INVENTORY = "agora:events:inventory";
    public static final String REVIEWS = "agora:events:reviews";

    /**
     * Pub/sub channel on which a publisher names the stream it has just added entries to, so that
     * consumers read at once instead of polling; a message lost here only delays delivery until
     * the consumer's next regular look.
     */
    public static final String APPENDED = "agora:events:appended";

    private EventStreams() {
    }
}
