package dev.secondbrain.worker.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds Java arrays as SQL arrays for {@code unnest(?::type[], ...)}: one parameter per column, any row count. */
final class SqlArrays {

    private final PreparedStatement statement;
    private int index;

    private SqlArrays(PreparedStatement statement) {
        this.statement = statement;
    }

    static SqlArrays on(PreparedStatement statement) {
        return new SqlArrays(statement);
    }

    SqlArrays bind(String type, Object[] values) throws SQLException {
        statement.setArray(++index, statement.getConnection().createArrayOf(type, values));
        return this;
    }

    SqlArrays bind(Object value) throws SQLException {
        statement.setObject(++index, value);
        return this;
    }
}
