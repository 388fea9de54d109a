package dev.secondbrain.bench;

import dev.secondbrain.embedded.PostgresServer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On demand (issue 19: "report COPY before and after"): the bench's binary COPY of the default corpus's final rows
 * into a freshly migrated store, with the search GIN's pending list as migrated (fastupdate on, 4 MB), off, and at
 * 64 MB, alternated twice on one PostgreSQL (fsync on). The upsert path is {@code bench/sql/gin-pending-list.sql}.
 * {@code ./mvnw -q -DskipTests install && ./mvnw -q -pl bench spring-boot:run
 * -Dspring-boot.run.main-class=dev.secondbrain.bench.GinPendingList}
 */
public final class GinPendingList {

    private GinPendingList() {
    }

    public static void main(String[] args) throws Exception {
        var rows = Corpus.generate(42, BenchSize.of("default").documents(), BenchSize.of("default").tenants()).latest();
        String[][] settings = {{"as migrated (fastupdate on, 4 MB)", null}, {"fastupdate off", "fastupdate = off"},
                {"fastupdate on, 64 MB", "gin_pending_list_limit = 65536"}};
        try (var postgres = PostgresServer.startThrowaway(true)) {
            for (int round = 1; round <= 2; round++) {
                for (var setting : settings) {
                    var dataSource = Bench.migrated(postgres, "gin");
                    if (setting[1] != null) {
                        JdbcClient.create(dataSource).sql("alter index documents_search set (" + setting[1] + ")")
                                .update();
                    }
                    double seconds = Bench.seconds(CopyLimit.copy(dataSource, rows));
                    System.out.printf("round %d  %-36s %,8.0f rows/s%n", round, setting[0], rows.size() / seconds);
                }
            }
        }
        System.exit(0); // as Bench: not every thread of the embedded server is a daemon
    }
}
