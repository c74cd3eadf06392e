package org.lstmlessons.tables;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables from what the lessons measure. A notebook prints a table as text (the same on
 * every Java kernel): {@code System.out.println(table.print())}, or {@code table.printAll()} for
 * more than 20 rows. Lesson 3 uses it for the training log and per-epoch results.
 */
public final class Tables {

    private Tables() {
    }

    /**
     * A table with one column per record component (int, long, double, float, boolean or text)
     * and one row per record: {@code Tables.of("epochs", log.epochs())}.
     *
     * @param <R>  a record type
     * @param name the table's name (printed as its title)
     * @param rows the records, all of the same type; an empty list gives an empty table
     * @param type the record class (needed to name the columns of an empty list)
     */
    public static <R extends Record> Table of(String name, List<R> rows, Class<R> type) {
        RecordComponent[] parts = type.getRecordComponents();
        List<Column<?>> columns = new ArrayList<>();
        for (RecordComponent p : parts) {
            columns.add(column(p));
        }
        for (R row : rows) {
            for (int i = 0; i < parts.length; i++) {
                append(columns.get(i), value(parts[i], row));
            }
        }
        for (Column<?> c : columns) {
            if (c instanceof DoubleColumn dc) {
                dc.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(decimals(dc)));
            }
        }
        return Table.create(name, columns);
    }

    /**
     * Decimals a printed column needs: 4 for values below 10 (losses, accuracies), 1 below 100
     * (seconds), none above (samples per second). The values themselves keep full precision.
     */
    static int decimals(DoubleColumn c) {
        double max = 0;
        for (int i = 0; i < c.size(); i++) {
            double v = Math.abs(c.getDouble(i));
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        return max >= 100 ? 0 : max >= 10 ? 1 : 4;
    }

    private static Column<?> column(RecordComponent p) {
        Class<?> t = p.getType();
        String n = p.getName();
        if (t == int.class || t == Integer.class) {
            return IntColumn.create(n);
        }
        if (t == long.class || t == Long.class) {
            return LongColumn.create(n);
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return DoubleColumn.create(n);
        }
        if (t == boolean.class || t == Boolean.class) {
            return BooleanColumn.create(n);
        }
        return StringColumn.create(n);
    }

    private static void append(Column<?> c, Object v) {
        if (c instanceof IntColumn ic) {
            ic.append((Integer) v);
        } else if (c instanceof LongColumn lc) {
            lc.append((Long) v);
        } else if (c instanceof DoubleColumn dc) {
            dc.append(((Number) v).doubleValue());
        } else if (c instanceof BooleanColumn bc) {
            bc.append((Boolean) v);
        } else {
            ((StringColumn) c).append(String.valueOf(v));
        }
    }

    private static Object value(RecordComponent p, Object row) {
        try {
            return p.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("Tables.of: cannot read " + p.getName() + " of " + row
                    + "; the record type must be public.", e);
        }
    }

    /** {@link #confusion(String, int[][], List)} with the classes named 0, 1, 2, ... (MNIST's digits). */
    public static Table confusion(String name, int[][] counts) {
        return confusion(name, counts, java.util.stream.IntStream.range(0, counts.length).mapToObj(String::valueOf).toList());
    }

    /**
     * A confusion matrix as a table: one row per true class, one column per predicted class, and
     * the recall of each class (correct / all of that class).
     */
    public static Table confusion(String name, int[][] counts, List<String> classNames) {
        int n = counts.length;
        if (classNames.size() != n) {
            throw new IllegalArgumentException("Tables.confusion: " + n + " classes but " + classNames.size() + " names.");
        }
        Table t = Table.create(name, StringColumn.create("true \\ predicted"));
        for (int c = 0; c < n; c++) {
            t.addColumns(IntColumn.create(classNames.get(c)));
        }
        DoubleColumn recall = DoubleColumn.create("recall");
        for (int r = 0; r < n; r++) {
            t.stringColumn(0).append(classNames.get(r));
            long total = 0;
            for (int c = 0; c < n; c++) {
                t.intColumn(c + 1).append(counts[r][c]);
                total += counts[r][c];
            }
            recall.append(total == 0 ? Double.NaN : Math.round(10_000.0 * counts[r][r] / total) / 10_000.0);
        }
        t.addColumns(recall);
        return t;
    }
}
