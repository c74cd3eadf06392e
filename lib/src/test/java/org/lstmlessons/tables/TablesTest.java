package org.lstmlessons.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class TablesTest {

    public record Row(int epoch, long samples, double accuracy, boolean best, String note) {
    }

    @Test
    void oneColumnPerComponentOneRowPerRecord() {
        Table t = Tables.of("epochs", List.of(new Row(1, 55_000, 0.95, false, "a"), new Row(2, 110_000, 0.97, true, "b")),
                Row.class);
        assertEquals("epochs", t.name());
        assertEquals(List.of("epoch", "samples", "accuracy", "best", "note"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals(110_000L, t.longColumn("samples").get(1));
        assertEquals(0.97, t.doubleColumn("accuracy").get(1), 0.0);
        assertEquals(true, t.booleanColumn("best").get(1));
        assertEquals("a", t.stringColumn("note").get(0));
    }

    @Test
    void anEmptyListGivesAnEmptyTableWithColumns() {
        Table t = Tables.of("none", List.of(), Row.class);
        assertEquals(0, t.rowCount());
        assertEquals(5, t.columnCount());
    }

    @Test
    void confusionTableHasRecallPerTrueClass() {
        int[][] m = {{8, 2}, {1, 9}};
        Table t = Tables.confusion("c", m, List.of("0", "1"));
        assertEquals(List.of("true \\ predicted", "0", "1", "recall"), t.columnNames());
        assertEquals(2, t.intColumn("1").get(0));
        assertEquals(0.8, t.doubleColumn("recall").get(0), 0.0);
        assertEquals(0.9, t.doubleColumn("recall").get(1), 0.0);
    }
}
