package io.converge.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The durations of documents: an integer and a unit, {@code ms}, {@code s}, {@code m} or {@code h} ("15s"). */
public final class Durations {
    /** What a duration looks like, in words, for messages. */
    public static final String EXPECTED = "a duration: a whole number and ms, s, m or h (\"500ms\", \"15s\", \"2m\")";

    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,12})(ms|s|m|h)");

    private Durations() {
    }

    /** Parses a duration; throws {@link IllegalArgumentException} naming the text when it is not one. */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(Quote.of(text) + " is not " + EXPECTED);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** The shortest text for a duration in this format ("15s", "1500ms"). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
