package dev.agora.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.r2dbc.proxy.core.Binding;
import io.r2dbc.proxy.core.Bindings;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.Parameter;
import org.springframework.boot.r2dbc.autoconfigure.ProxyConnectionFactoryCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Every SQL statement the service under test sends, with the values bound to it, as the R2DBC
 * proxy sees them: a test can tell how many times a piece of work about one object goes to the
 * database. {@code @Import} it into a {@code @SpringBootTest} and autowire it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SqlStatements {

    record Statement(String sql, List<Object> values) {

        /** Whether one of its values is {@code id}, or an array holding it. */
        boolean about(UUID id) {
            return values.stream().anyMatch(value -> id.equals(value)
                    || value instanceof Object[] array && Arrays.asList(array).contains(id));
        }
    }

    private final Queue<Statement> sent = new ConcurrentLinkedQueue<>();

    @Bean
    ProxyConnectionFactoryCustomizer recordStatements() {
        return builder -> builder.listener(new ProxyExecutionListener() {
            @Override
            public void afterQuery(QueryExecutionInfo execution) {
                for (QueryInfo query : execution.getQueries()) {
                    List<Object> values = new ArrayList<>();
                    for (Bindings bindings : query.getBindingsList()) {
                        bindings.getIndexBindings().forEach(binding -> values.add(value(binding)));
                        bindings.getNamedBindings().forEach(binding -> values.add(value(binding)));
                    }
                    sent.add(new Statement(query.getQuery(), values));
                }
            }
        });
    }

    private static Object value(Binding binding) {
        Object value = binding.getBoundValue().isNull() ? null : binding.getBoundValue().getValue();
        return value instanceof Parameter parameter ? parameter.getValue() : value;
    }

    /** The statements sent so far that bound {@code id} or one of {@code more}, oldest first. */
    public List<String> about(UUID id, UUID... more) {
        List<UUID> ids = new ArrayList<>(List.of(more));
        ids.add(id);
        return sent.stream().filter(statement -> ids.stream().anyMatch(statement::about)).map(Statement::sql).toList();
    }
}
