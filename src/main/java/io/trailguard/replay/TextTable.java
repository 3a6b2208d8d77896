package io.trailguard.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table: columns as wide as their widest cell, numbers right-aligned. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(Object... cells) {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] instanceof Number n ? String.format("%,d", n.longValue()) : String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    void print(PrintStream out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        boolean[] numeric = new boolean[columns];
        Arrays.fill(numeric, true);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], rows.get(r)[c].length());
                if (r > 0 && !rows.get(r)[c].matches("[0-9,]+")) {
                    numeric[c] = false;
                }
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(' ').append(numeric[c] ? pad + cell : cell + pad).append(' ');
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
