package dev.secondbrain.testkit;

import dev.secondbrain.embedded.PostgresServer;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The test's database as its superuser, for what a test sets up or checks beside the service (rows another process
 * would write, rows row-level security hides from the service's own login). Never the service's own connection.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** The superuser on the database of a context made with {@link WithPipelineInfrastructure}. */
    public static JdbcClient superuser(Environment environment) {
        return superuser(environment.getRequiredProperty("pipeline.test.database"));
    }

    public static JdbcClient superuser(String database) {
        return JdbcClient.create(superuserDataSource(database));
    }

    public static javax.sql.DataSource superuserDataSource(Environment environment) {
        return superuserDataSource(environment.getRequiredProperty("pipeline.test.database"));
    }

    public static javax.sql.DataSource superuserDataSource(String database) {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), Infrastructure.postgres().jdbcUrl(database),
                PostgresServer.USER, "");
    }
}
