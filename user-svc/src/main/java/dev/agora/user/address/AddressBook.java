package dev.agora.user.address;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.web.AgoraException;

/**
 * A user's addresses. Each change takes the user's row lock first, so concurrent changes to one
 * address book cannot pass the limit or leave two defaults (or none while addresses remain).
 */
@Service
class AddressBook {

    static final int MAX = 20;

    private final AddressRepository addresses;
    private final TransactionalOperator tx;
    private final Clock clock;

    AddressBook(AddressRepository addresses, TransactionalOperator tx, Clock clock) {
        this.addresses = addresses;
        this.tx = tx;
        this.clock = clock;
    }

    Flux<Address> list(UUID userId) {
        return addresses.list(userId);
    }

    /** The user's address, or a 404 for any other (another user's included). */
    Mono<Address> get(UUID userId, UUID id) {
        return addresses.find(userId, id).switchIfEmpty(Mono.error(AddressBook::notFound));
    }

    Mono<Address> add(UUID userId, AddressRequest request) {
        return tx.transactional(addresses.lockAndCount(userId).flatMap(count -> {
            if (count >= MAX) {
                return Mono.error(AgoraException.conflict("An address book holds at most " + MAX
                        + " addresses; delete one first."));
            }
            Instant now = now();
            boolean isDefault = count == 0 || request.makesDefault();
            Address address = new Address(Uuids.v7(), userId, request.label(), request.name(), request.line1(),
                    request.line2(), request.city(), request.region(), request.postalCode(), request.country(), false, now, now);
            return addresses.insert(address)
                .flatMap(saved -> isDefault ? addresses.makeDefault(userId, saved.id()).then(addresses.find(userId, saved.id()))
                        : Mono.just(saved));
        }));
    }

    Mono<Address> replace(UUID userId, UUID id, AddressRequest request) {
        return tx.transactional(addresses.lockAndCount(userId)
            .then(addresses.update(userId, id, request, now()))
            .switchIfEmpty(Mono.error(AddressBook::notFound))
            .flatMap(updated -> request.makesDefault()
                    ? addresses.makeDefault(userId, id).then(addresses.find(userId, id)) : Mono.just(updated)));
    }

    /** Deletes the address; when it was the default, the oldest remaining one takes its place. */
    Mono<Void> remove(UUID userId, UUID id) {
        return tx.transactional(addresses.lockAndCount(userId)
            .then(addresses.delete(userId, id))
            .switchIfEmpty(Mono.error(AddressBook::notFound))
            .flatMap(wasDefault -> wasDefault ? addresses.promoteOldest(userId) : Mono.empty()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static AgoraException notFound() {
        return AgoraException.notFound("The address");
    }
}
