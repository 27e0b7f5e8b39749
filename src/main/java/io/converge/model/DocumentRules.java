package io.converge.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the schemas cannot say and converge must still hold before it acts: durations within the range Consul
 * and Docker accept ({@code check.interval} of "99999999999999999999h" passes a pattern, and Consul answers
 * 400). A document breaking a rule is invalid like any other (terminal, no retry). Runs on schema-valid documents.
 * ({@code placement.lockDelay} depends on the node's fencing settings: the Service reconciler checks it.)
 */
final class DocumentRules {
    private record Bounded(Kind kind, String pointer, Duration min, Duration max) {
    }

    private static final Duration DAY = Duration.ofHours(24);

    private static final List<Bounded> DURATIONS = List.of(
            new Bounded(Kind.SERVICE, "/spec/check/interval", Duration.ofMillis(1), DAY),
            new Bounded(Kind.SERVICE, "/spec/check/timeout", Duration.ZERO, DAY),
            new Bounded(Kind.SERVICE, "/spec/backup/pre/timeout", Duration.ofMillis(1), DAY),
            new Bounded(Kind.SERVICE, "/spec/backup/post/timeout", Duration.ofMillis(1), DAY));

    private DocumentRules() {
    }

    static List<Problem> check(Kind kind, JsonNode doc) {
        List<Problem> problems = new ArrayList<>();
        for (Bounded b : DURATIONS) {
            JsonNode value = doc.at(b.pointer());
            if (b.kind() == kind && value.isTextual()) {
                outOfRange(b, value.asText()).ifPresent(problems::add);
            }
        }
        if (kind == Kind.SERVICE) {
            problems.addAll(BackupRules.check(doc.path("spec")));
        }
        return problems;
    }

    /**
     * Strings no program can receive: a NUL character, or an unpaired surrogate (an escaped high or low surrogate with no
     * partner, which has no UTF-8 form), in any key or value. At most a few are reported.
     */
    static List<Problem> text(JsonNode doc) {
        List<Problem> problems = new ArrayList<>();
        walk(doc, "", problems);
        return problems;
    }

    private static void walk(JsonNode node, String path, List<Problem> problems) {
        if (problems.size() >= 3) {
            return;
        }
        if (node.isTextual()) {
            badText(node.asText()).ifPresent(what -> problems.add(new Problem(path, what)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, problems);
            }
        } else if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                String child = path + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                badText(field.getKey()).ifPresent(what -> problems.add(new Problem(child, "the key " + what)));
                walk(field.getValue(), child, problems);
            }
        }
    }

    private static Optional<String> badText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return Optional.of("contains a NUL character (\\u0000), which no program can receive");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    return Optional.of(String.format("contains an unpaired surrogate (\\u%04x), which "
                            + "is not a character and has no UTF-8 form", (int) c));
                }
                i++;
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> outOfRange(Bounded b, String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Problem(b.pointer(), "must be " + Durations.EXPECTED + "; found "
                    + Quote.of(text)));
        }
        if (d.compareTo(b.min()) < 0 || d.compareTo(b.max()) > 0) {
            String range = b.min().isZero() ? "at most " + Durations.format(b.max())
                    : "between " + Durations.format(b.min()) + " and " + Durations.format(b.max());
            return Optional.of(new Problem(b.pointer(), "must be " + range + "; found " + Quote.of(text)));
        }
        return Optional.empty();
    }
}
