package io.converge.cli;

import java.util.List;

/** Left-aligned columns, three spaces apart, as kubectl prints them. */
final class Tables {
    private Tables() {
    }

    static String format(List<String[]> rows) {
        int[] width = widths(rows);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(line(r, width));
        }
        return sb.toString();
    }

    /** The widest cell of each column. */
    static int[] widths(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        return width;
    }

    /**
     * One row under columns of the given widths (a wider cell pushes the rest of its row right), without trailing
     * blanks.
     */
    static String line(String[] r, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
            int w = i < width.length ? width[i] : 0;
            sb.append(i == r.length - 1 ? r[i] : String.format("%-" + (Math.max(w, r[i].length()) + 3) + "s", r[i]));
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        return sb.append('\n').toString();
    }
}
