package org.lstmlessons.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    public record Measured(double loss, double seconds, double samplesPerSecond) {
    }

    @Test
    void printsDoublesWithTheDecimalsTheirSizeNeeds() {
        Table t = Tables.of("m", List.of(new Measured(0.123456789, 18.34567, 3012.6789),
                new Measured(0.0000123, 17.0, 2999.0)), Measured.class);
        String printed = t.printAll();
        assertTrue(printed.contains("0.1235"), printed);
        assertTrue(printed.contains("18.3"), printed);
        assertTrue(printed.contains("3,013"), printed);
        assertEquals(0.123456789, t.doubleColumn("loss").get(0), 0.0, "the value keeps its precision");
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

    @Test
    void confusionTableNamesDigitClassesByDefault() {
        Table t = Tables.confusion("c", new int[][] {{1, 0, 0}, {0, 2, 0}, {0, 1, 3}});
        assertEquals(List.of("true \\ predicted", "0", "1", "2", "recall"), t.columnNames());
        assertEquals(List.of("0", "1", "2"), t.stringColumn(0).asList());
        assertEquals(0.75, t.doubleColumn("recall").get(2), 0.0);
    }
}
