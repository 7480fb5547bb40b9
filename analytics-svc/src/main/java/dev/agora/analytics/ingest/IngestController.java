package dev.agora.analytics.ingest;

import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;

/** Storefront events from clients: public, attributed to a user only by a verified token. */
@RestController
class IngestController {

    private final Ingestion ingestion;

    IngestController(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    @Operation(summary = "Record 1 to 100 storefront events, all or none (202 with how many were stored)")
    @ApiResponse(responseCode = "202", description = "How many events were stored", useReturnTypeSchema = true)
    @PostMapping("/api/v1/analytics/events")
    Mono<ResponseEntity<Map<String, Integer>>> record(Optional<AgoraPrincipal> caller, @Valid @RequestBody ClientEvents batch) {
        return ingestion.ingest(batch, caller.map(c -> c.userId().toString()).orElse(null))
            .map(stored -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("accepted", stored)));
    }
}
