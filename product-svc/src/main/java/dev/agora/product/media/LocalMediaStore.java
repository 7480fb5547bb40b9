package dev.agora.product.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Images in a directory, as {@code make run} keeps them: one file per object and a sibling holding
 * its type. File I/O runs on the bounded elastic scheduler, never on the event loop.
 */
final class LocalMediaStore implements MediaStore {

    private final Path root;

    LocalMediaStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Mono<Void> put(String key, byte[] bytes, String contentType) {
        return Mono.<Void>fromRunnable(() -> {
            Path file = file(key);
            try {
                Files.createDirectories(file.getParent());
                // Written aside and moved into place: a reader never sees half an image.
                Path part = Files.createTempFile(file.getParent(), ".upload", ".part");
                Files.write(part, bytes);
                Files.writeString(type(file), contentType);
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Stored> get(String key) {
        return Mono.fromCallable(() -> {
            Path file = file(key);
            try {
                return new Stored(Files.readAllBytes(file), Files.readString(type(file)).trim());
            }
            catch (NoSuchFileException ex) {
                return null;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> delete(Collection<String> keys) {
        return Mono.<Void>fromRunnable(() -> {
            for (String key : keys) {
                Path file = file(key);
                try {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(type(file));
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Path file(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("A media key outside the store: " + key);
        }
        return file;
    }

    private static Path type(Path file) {
        return file.resolveSibling(file.getFileName() + ".type");
    }
}
