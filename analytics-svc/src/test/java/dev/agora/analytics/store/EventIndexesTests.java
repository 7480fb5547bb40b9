package dev.agora.analytics.store;

import java.time.Duration;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.index.Index;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention TTL index as sent to MongoDB. The in-memory stand-in used without Docker ignores
 * TTL indexes (it logs so), so expiry itself is MongoDB's to do and is not observed in tests here;
 * what Agora controls, the index definition, is checked.
 */
class EventIndexesTests {

    @Test
    void retentionIsATtlIndexOnOccurredAtOfTheConfiguredAge() {
        Index ttl = EventIndexes.definitions(Duration.ofDays(400)).stream()
            .filter(i -> "retention_ttl".equals(i.getIndexOptions().get("name")))
            .findFirst().orElseThrow();
        assertThat(ttl.getIndexKeys()).isEqualTo(new Document("occurredAt", 1));
        assertThat(ttl.getIndexOptions().get("expireAfterSeconds")).isEqualTo(400L * 24 * 3600);
    }

    @Test
    void timeRangeQueriesByTypeProductAndUserHaveIndexes() {
        assertThat(EventIndexes.definitions(Duration.ofDays(1)))
            .extracting(i -> i.getIndexKeys().keySet().iterator().next())
            .contains("type", "productId", "userId");
    }
}
