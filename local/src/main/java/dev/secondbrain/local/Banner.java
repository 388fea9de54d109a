package dev.secondbrain.local;

final class Banner {

    private Banner() {
    }

    static String text(LocalPipeline pipeline, DemoTenant demo) {
        var demoLine = demo.notes() > 0
                ? "Demo tenant created with " + demo.notes() + " sample notes; its API key:"
                : "Demo tenant (kept from an earlier run); its API key:";
        return """

                ==================================================================================
                 Second Brain pipeline is running (Ctrl-C stops everything; data is kept)
                   read API        %s   (OpenAPI: /v3/api-docs, page for a person: /)
                   connector API   %s   (POST /v1/events)
                   PostgreSQL      %s  (superuser postgres on this host; each service
                                   logs in as its own login: passwords in credentials.properties)
                   Kafka           %s
                   admin token     %s
                   data            %s
                                   (kept between runs; start with --fresh to begin empty)

                 %s
                   %s
                 Try:
                   curl -H 'Authorization: Bearer %s' '%s/v1/search?q=birthday'
                   curl -H 'Authorization: Bearer %s' %s/v1/stats
                ==================================================================================
                """.formatted(pipeline.apiUrl(), pipeline.ingestUrl(), pipeline.jdbcUrl(),
                pipeline.bootstrapServers(), pipeline.adminToken(), pipeline.dataDirectory(), demoLine,
                demo.apiKey(), demo.apiKey(), pipeline.apiUrl(), demo.apiKey(), pipeline.apiUrl());
    }
}
