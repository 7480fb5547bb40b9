package dev.agora.devstack;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTargetsTests {

    private static Bench.Summary summary(double throughput, double p50, double p99, Map<String, Double> cpu) {
        return new Bench.Summary("s", List.of(new Bench.Result("s", throughput, p50, p99, 0, (long) throughput, Map.of())), 3, cpu, 0.01);
    }

    private static Map<String, Boolean> met(List<BenchTargets.Row> rows) {
        return rows.stream().collect(java.util.stream.Collectors.toMap(BenchTargets.Row::what, BenchTargets.Row::met));
    }

    @Test
    void marksEachTargetByThisRunsNumbersAndNeverCountsWhatWasNotMeasuredAsMet() {
        var inputs = new BenchTargets.Inputs(summary(4000, 2.0, 10, Map.of("gateway", 0.10, "product-svc", 0.15)),
                summary(7000, 1.5, 9, Map.of()), null, summary(1000, 5, 20, Map.of()), summary(2000, 7, 20, Map.of()),
                summary(50, 300, 400, Map.of()), summary(1900, 7, 18, Map.of()), summary(2100, 6, 16, Map.of()),
                summary(35, 430, 700, Map.of("order-svc", 12.0, "payment-svc", 7.0)), Map.of("order-svc", 30.0, "redis", 10.0),
                new MakeRunStartUp.Result(28, 21, Map.of("order-svc", 20.0), Map.of("order-svc", 1500.0, "user-svc", 800.0)));

        List<BenchTargets.Row> rows = BenchTargets.rows(inputs);

        assertThat(met(rows)).containsEntry("gateway / direct product-svc, requests/s", true)
            .containsEntry("gateway / nginx, requests/s", false)
            .containsEntry("gateway p50 / direct p50", true)
            .containsEntry("cache on / off through the gateway, by id", true)
            .containsEntry("cache on / off through the gateway, search", true)
            .containsEntry("gateway CPU per proxied read", true)
            // 1 - 1900/2100 = 9.5 %.
            .containsEntry("edge auth filter's cost, throughput", false)
            .containsEntry("checkout over 1,000 products, orders/s", false)
            .containsEntry("checkout p99 at 50 orders/s", false)
            .containsEntry("CPU per checkout, all processes", false)
            .containsEntry("make run, first start, all ready", true)
            .containsEntry("make run, next start, all ready", false)
            .containsEntry("idle memory, the nine JVMs (make run)", false)
            .containsEntry("idle CPU, whole platform (make run)", true)
            .containsEntry("idle CPU, whole platform (the chart's JVM settings)", true);
        assertThat(rows).filteredOn(row -> row.what().equals("gateway / nginx, requests/s")).singleElement()
            .extracting(BenchTargets.Row::measured).asString().contains("not measured");
        assertThat(rows).filteredOn(row -> row.what().equals("checkout p99 at 50 orders/s")).singleElement()
            .extracting(BenchTargets.Row::measured).asString().contains("50/s not reached (35.0/s at most");
    }

    @Test
    void aBaselineThatMostlyFailedIsNotMeasuredRatherThanAnInfiniteRatioThatMeetsItsTarget() {
        // Seen in a run: every uncached search got the gateway's breaker's 503, so it answered 0 a second.
        var failed = new Bench.Summary("search q=… (cache off)", List.of(new Bench.Result("search q=… (cache off)", 0, Double.NaN,
                Double.NaN, 69160, 69160, Map.of("503", 69151L, "504", 9L))), 12, Map.of(), Double.NaN);
        var inputs = new BenchTargets.Inputs(summary(4000, 2.0, 10, Map.of("gateway", 0.10, "product-svc", 0.15)),
                summary(7000, 1.5, 9, Map.of()), summary(6000, 1.6, 9, Map.of()), summary(1000, 5, 20, Map.of()),
                summary(2000, 7, 20, Map.of()), failed, summary(1900, 7, 18, Map.of()), summary(2100, 6, 16, Map.of()),
                summary(35, 430, 700, Map.of("order-svc", 12.0)), Map.of("order-svc", 30.0),
                new MakeRunStartUp.Result(28, 21, Map.of("order-svc", 20.0), Map.of("order-svc", 1500.0)));

        List<BenchTargets.Row> rows = BenchTargets.rows(inputs);

        assertThat(rows).filteredOn(row -> row.what().equals("cache on / off through the gateway, search")).singleElement()
            .satisfies(row -> {
                assertThat(row.met()).isFalse();
                assertThat(row.measured()).contains("not measured", "search q=… (cache off)", "69160 of 69160", "503=69151");
            });
        assertThat(met(rows)).containsEntry("cache on / off through the gateway, by id", true);
    }
}
