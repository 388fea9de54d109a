package dev.secondbrain.local;

final class Banner {

    private Banner() {
    }

    static String text(LocalPipeline pipeline, DemoTenant demo) {
        return """

                ==================================================================================
                 Second Brain pipeline is running (Ctrl-C stops everything)
                   read API        %s   (OpenAPI: /v3/api-docs)
                   connector API   %s   (POST /v1/events)
                   PostgreSQL      %s  (user postgres)
                   Kafka           %s
                   admin token     %s
                   data            %s (fresh each run)

                 Demo tenant with %d sample notes ingested; its API key:
                   %s
                 Try:
                   curl -H 'Authorization: Bearer %s' '%s/v1/search?q=birthday'
                   curl -H 'Authorization: Bearer %s' %s/v1/stats
                ==================================================================================
                """.formatted(pipeline.apiUrl(), pipeline.ingestUrl(), pipeline.jdbcUrl(),
                pipeline.bootstrapServers(), pipeline.adminToken(), pipeline.dataDirectory(), demo.notes(),
                demo.apiKey(), demo.apiKey(), pipeline.apiUrl(), demo.apiKey(), pipeline.apiUrl());
    }
}
