package dev.agora.defaults.r2dbc;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionDefaultsAutoConfigurationTests {

    // Never connected to: these tests look at which beans exist.
    private static final ConnectionFactory NOWHERE = ConnectionFactories.get("r2dbc:postgresql://nobody@127.0.0.1:1/none");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TransactionDefaultsAutoConfiguration.class, TransactionAutoConfiguration.class))
        .withBean(ReactiveTransactionManager.class, () -> new R2dbcTransactionManager(NOWHERE));

    @Test
    void aServiceWithReactiveTransactionsGetsTheCompletingOperatorInsteadOfBootsPlainOne() {
        runner.run(context -> assertThat(context).getBean(TransactionalOperator.class)
            .isInstanceOf(CompletingTransactionalOperator.class));
    }

    @Test
    void aServiceWithoutATransactionManagerGetsNone() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TransactionDefaultsAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(TransactionalOperator.class));
    }

    @Test
    void canBeReplaced() {
        TransactionalOperator own = TransactionalOperator.create(new R2dbcTransactionManager(NOWHERE));
        runner.withBean(TransactionalOperator.class, () -> own)
            .run(context -> assertThat(context.getBean(TransactionalOperator.class)).isSameAs(own));
    }
}
