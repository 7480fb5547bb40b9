package dev.agora.defaults.r2dbc;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Every service's {@link TransactionalOperator} finishes what it started: see
 * {@link CompletingTransactionalOperator}. Takes the place of Spring Boot's plain one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass(TransactionalOperator.class)
public class TransactionDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(TransactionalOperator.class)
    @ConditionalOnSingleCandidate(ReactiveTransactionManager.class)
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactions) {
        return CompletingTransactionalOperator.create(transactions);
    }
}
