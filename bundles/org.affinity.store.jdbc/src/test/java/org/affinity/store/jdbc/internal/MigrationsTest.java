package org.affinity.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void scriptsSplitOnStatementEndsAndSkipComments() {
        String sql = "-- comment\nCREATE TABLE a (\n  x INT -- trailing\n);\n\nCREATE INDEX b ON a (x);\n";
        assertEquals(List.of("CREATE TABLE a (\n  x INT -- trailing\n)", "CREATE INDEX b ON a (x)"),
                Migrations.statements(sql));
    }
}
