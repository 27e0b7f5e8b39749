package io.converge.dnat.nft;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nft monitor}'s text output line by line: the changes of one transaction, each a line such as
 * {@code delete table ip converge # handle 6} or {@code add rule ip converge pf-web ...} (a flush shows as the
 * deletes it makes), followed by {@code # new generation N by process PID (COMM)}. Says for each generation
 * whether it touched {@code table ip converge} or {@code table ip6 converge}. Other lines (nft's warnings) are
 * ignored. Pure; not thread-safe (one reader).
 */
final class MonitorLines {
    private static final Pattern GENERATION =
            Pattern.compile("# new generation (\\d+)(?: by process (\\d+) \\((.*)\\))?\\s*");

    private boolean touched;

    /**
     * A transaction that committed.
     *
     * @param number  the ruleset generation it made
     * @param pid     the process that made it, -1 when nft did not say
     * @param command that process's command name ({@code nft}, {@code iptables-nft} ...)
     * @param touched whether any of its changes was to converge's tables
     */
    record Generation(long number, long pid, String command, boolean touched) {
    }

    /** Takes the next line; returns the generation it closes, if it is a generation line. */
    Optional<Generation> accept(String line) {
        Matcher m = GENERATION.matcher(line);
        if (m.matches()) {
            Generation g = new Generation(Long.parseLong(m.group(1)),
                    m.group(2) == null ? -1 : Long.parseLong(m.group(2)),
                    m.group(3) == null ? "" : m.group(3), touched);
            touched = false;
            return Optional.of(g);
        }
        touched = touched || touchesConverge(line);
        return Optional.empty();
    }

    /** {@code VERB OBJECT FAMILY TABLE ...} with family {@code ip} or {@code ip6} and table {@code converge}. */
    static boolean touchesConverge(String line) {
        String[] words = line.strip().split("\\s+", 5);
        return words.length >= 4 && (words[0].equals("add") || words[0].equals("delete")
                || words[0].equals("replace") || words[0].equals("flush") || words[0].equals("destroy"))
                && (words[2].equals("ip") || words[2].equals("ip6")) && words[3].equals("converge");
    }
}
