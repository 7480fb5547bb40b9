package dev.agora.product.product;

import java.util.Map;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets pg_trgm's {@code word_similarity_threshold} to {@link ProductQuery#TYPO_SIMILARITY} on every
 * database connection, as a start-up parameter: search's typo matching uses the operator
 * ({@code p.name %> :q}), which the name's trigram index answers, and the operator reads its
 * threshold from there. A {@code word_similarity(...) >= 0.45} call instead was evaluated for every
 * product, once per spelling tried, in each of a search's statements (docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
class TypoThreshold {

    static final String SETTING = "pg_trgm.word_similarity_threshold";

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer typoThresholdOnEveryConnection() {
        return options -> options.option(PostgresqlConnectionFactoryProvider.OPTIONS,
                Map.of(SETTING, Double.toString(ProductQuery.TYPO_SIMILARITY)));
    }
}
