package io.govstream.cli.policy;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence): unchanged lines start with ' ', removed '-', added '+'. */
final class LineDiff {
    private LineDiff() {
    }

    static List<String> diff(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add(" " + a[i++]);
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+" + b[j++]);
            } else {
                out.add("-" + a[i++]);
            }
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1); // the empty string after a final newline
        }
        return out;
    }

    static boolean changed(List<String> lines) {
        return lines.stream().anyMatch(l -> l.startsWith("+") || l.startsWith("-"));
    }
}
