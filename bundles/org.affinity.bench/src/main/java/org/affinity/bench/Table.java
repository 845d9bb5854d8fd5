package org.affinity.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A markdown table, printed as rows arrive so a long benchmark shows progress. */
public final class Table {

    private final PrintStream out;
    private final List<String> columns;
    private boolean headerPrinted;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(PrintStream out, String... columns) {
        this.out = out;
        this.columns = List.of(columns);
    }

    public void row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " cells, got " + cells.length);
        }
        if (!headerPrinted) {
            out.println("| " + String.join(" | ", columns) + " |");
            out.println("|" + "---|".repeat(columns.size()));
            headerPrinted = true;
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        out.println("| " + String.join(" | ", row) + " |");
        out.flush();
    }

    public List<List<String>> rows() {
        return rows;
    }

    static String format(Object cell) {
        if (cell instanceof Double || cell instanceof Float) {
            double value = ((Number) cell).doubleValue();
            if (Math.abs(value) >= 100) {
                return String.format("%,.0f", value);
            }
            if (Math.abs(value) >= 1) {
                return String.format("%.2f", value);
            }
            return String.format("%.3f", value);
        }
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format("%,d", ((Number) cell).longValue());
        }
        return String.valueOf(cell);
    }
}
