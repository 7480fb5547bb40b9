package dev.agora.testsupport;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * Locks of a library held by another thread for a while, so that a test can show what a call on an
 * event-loop thread does when it meets one taken: under BlockHound it must wait for the holder (a lock
 * held for one update, allowed by {@link AgoraBlockHoundIntegration}), not fail.
 */
public final class HeldLocks implements AutoCloseable {

    private final Thread holder;

    private HeldLocks(Thread holder) {
        this.holder = holder;
    }

    /** Takes every lock on a platform thread and returns once they are held; they are released after {@code holdFor}. */
    public static HeldLocks hold(List<? extends Lock> locks, Duration holdFor) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().name("lock-holder").start(() -> {
            locks.forEach(Lock::lock);
            try {
                held.countDown();
                Thread.sleep(holdFor);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            finally {
                locks.forEach(Lock::unlock);
            }
        });
        if (!held.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("The holder did not get the locks within 5 s");
        }
        return new HeldLocks(holder);
    }

    /** A field of a library's object, found up its class hierarchy: how a test reaches the lock it holds. */
    public static Object field(Object target, String name) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            }
            catch (NoSuchFieldException ex) {
                // declared further up
            }
            catch (IllegalAccessException ex) {
                throw new AssertionError(ex);
            }
        }
        throw new AssertionError("No field " + name + " in " + target.getClass());
    }

    /** Waits for the holder to let go. */
    @Override
    public void close() throws InterruptedException {
        holder.join(Duration.ofSeconds(10));
    }
}
