package dev.secondbrain.local;

import java.nio.file.Path;

final class Banner {

    private Banner() {
    }

    static String text(String jdbcUrl, String kafka, String adminToken, Path data) {
        return """

                ==================================================================
                 Second Brain pipeline is running (Ctrl-C stops everything)
                   read API        http://localhost:8080   (OpenAPI: /v3/api-docs)
                   connector API   http://localhost:8081   (POST /v1/events)
                   worker          http://localhost:8082/actuator/health
                   PostgreSQL      %s  (user postgres)
                   Kafka           %s
                   admin token     %s
                   data            %s (fresh each run)
                ==================================================================
                """.formatted(jdbcUrl, kafka, adminToken, data);
    }
}
