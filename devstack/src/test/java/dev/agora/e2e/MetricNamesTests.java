package dev.agora.e2e;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamesTests {

    @Test
    void theChartsQueriesNameWhatServicesExportButNotWhatPrometheusRecordsOrMakesUp() {
        var used = MetricNames.usedByTheChart(Path.of(System.getProperty("agora.services.dir", "..")));
        assertThat(used).contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "process_start_time_seconds", "agora_outbox_backlog");
        assertThat(used).noneMatch(name -> name.startsWith("agora:")).doesNotContain("up")
            .noneMatch(name -> name.startsWith("kube_"));
    }
}
