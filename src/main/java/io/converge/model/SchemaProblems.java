package io.converge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Turns the schema validator's findings into {@link Problem}s a person can act on: where (the JSON path), what
 * was found (quoted, capped) and what is expected (in words: never a regex, a schema fragment or a keyword's
 * name). Consequences are dropped: below a {@code oneOf}/{@code anyOf} only the alternative as a whole is
 * reported, and a value of the wrong type is reported once, for its type.
 */
final class SchemaProblems {
    private static final Set<String> ALTERNATIVES = Set.of("oneOf", "anyOf");
    /** A location inside an alternative: group 1 is the {@code .../oneOf} or {@code .../anyOf} itself. */
    private static final Pattern ALTERNATIVE = Pattern.compile("(.*?/(?:oneOf|anyOf))/\\d+(/.*)?");

    private final JsonNode schema;

    SchemaProblems(JsonNode schema) {
        this.schema = schema;
    }

    List<Problem> of(Collection<ValidationMessage> messages) {
        Set<String> wrongType = messages.stream().filter(m -> "type".equals(m.getType()))
                .map(m -> m.getInstanceLocation().toString()).collect(Collectors.toSet());
        Set<String> summarized = messages.stream().filter(m -> ALTERNATIVES.contains(m.getType()))
                .map(SchemaProblems::location).collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>();
        Set<Problem> seen = new HashSet<>();
        Set<String> alternatives = new HashSet<>();
        for (ValidationMessage m : messages) {
            String path = m.getInstanceLocation().toString();
            String where = location(m);
            if (!"type".equals(m.getType()) && wrongType.contains(path)) {
                continue;
            }
            Matcher alternative = ALTERNATIVE.matcher(where);
            Problem p;
            if (alternative.matches()) {
                // a finding inside one alternative of oneOf/anyOf: report the alternatives as a whole, once
                String at = alternative.group(1);
                if (summarized.contains(at) || !alternatives.add(at)) {
                    continue;
                }
                p = new Problem(path, "must be " + describedBy(parentOf(at)) + "; found "
                        + Found.describe(m.getInstanceNode()));
            } else {
                p = problem(m, path, where);
            }
            if (seen.add(p)) {
                problems.add(p);
            }
        }
        return problems;
    }

    /** The keyword's place in the schema as a JSON pointer ({@code /properties/spec/.../pattern}). */
    private static String location(ValidationMessage m) {
        String s = String.valueOf(m.getSchemaLocation());
        int hash = s.indexOf('#');
        return hash < 0 ? "" : s.substring(hash + 1);
    }

    private Problem problem(ValidationMessage m, String path, String where) {
        JsonNode value = m.getInstanceNode();
        JsonNode rule = m.getSchemaNode();
        String found = "; found " + Found.describe(value);
        return switch (m.getType()) {
            case "type" -> new Problem(path, "must be " + Found.article(rule.asText()) + found);
            case "required" -> new Problem(child(path, m.getProperty()), "is required but missing");
            case "additionalProperties" -> new Problem(child(path, m.getProperty()),
                    "unknown field " + Quote.of(m.getProperty()));
            case "propertyNames" -> new Problem(child(path, m.getProperty()), "the key " + Quote.of(m.getProperty())
                    + " is not " + expectedOf(rule, where));
            case "pattern" -> new Problem(path, "must be " + expectedOf(parentOf(where), where) + found);
            case "const" -> new Problem(path, "must be " + Quote.cut(rule.toString(), 80) + found);
            case "enum" -> new Problem(path, "must be one of " + StreamSupport.stream(rule.spliterator(), false)
                    .map(JsonNode::asText).collect(Collectors.joining(", ")) + found);
            case "minimum" -> new Problem(path, "must be at least " + rule.asText() + found);
            case "maximum" -> new Problem(path, "must be at most " + rule.asText() + found);
            case "exclusiveMinimum" -> new Problem(path, "must be more than " + rule.asText() + found);
            case "exclusiveMaximum" -> new Problem(path, "must be less than " + rule.asText() + found);
            case "minLength" -> new Problem(path, "must be at least " + rule.asText() + " characters long" + found);
            case "maxLength" -> new Problem(path, "must be at most " + rule.asText() + " characters long; found "
                    + length(value) + " characters");
            case "minItems" -> new Problem(path, "must have at least " + rule.asText() + " items; found "
                    + value.size());
            case "maxItems" -> new Problem(path, "must have at most " + rule.asText() + " items; found "
                    + value.size());
            case "uniqueItems" -> new Problem(path, "must not list the same item twice");
            case "not" -> new Problem(path, notAllowed(rule, where) + found);
            default -> new Problem(path, "must be " + describedBy(parentOf(where)) + found);
        };
    }

    private static String child(String path, String property) {
        return path + "/" + (property == null ? "?" : property.replace("~", "~0").replace("/", "~1"));
    }

    private static int length(JsonNode value) {
        return value != null && value.isTextual() ? value.asText().codePointCount(0, value.asText().length()) : 0;
    }

    /** What a pattern-carrying rule expects: our words for its pattern, else the field's description. */
    private String expectedOf(JsonNode rule, String where) {
        if (rule != null && rule.path("pattern").isTextual()) {
            return Expected.pattern(rule.path("pattern").asText()).orElseGet(() -> describedBy(rule));
        }
        if (rule != null && rule.has("maxLength")) {
            return "at most " + rule.path("maxLength").asText() + " characters long";
        }
        return describedBy(parentOf(where));
    }

    private String notAllowed(JsonNode rule, String where) {
        if (rule.path("pattern").asText().contains("\\.\\.")) {
            return "must not contain \"..\" segments";
        }
        if (rule.path("required").isArray() && rule.path("required").size() > 1) {
            return "must not set " + StreamSupport.stream(rule.path("required").spliterator(), false)
                    .map(JsonNode::asText).collect(Collectors.joining(" and ")) + " together";
        }
        return "is not allowed here: " + describedBy(parentOf(where));
    }

    /** The schema node holding the keyword at {@code where}. */
    private JsonNode parentOf(String where) {
        int slash = where.lastIndexOf('/');
        return slash <= 0 ? schema : schema.at(where.substring(0, slash));
    }

    /** The first sentence of a schema node's description, for rules without words of their own. */
    private static String describedBy(JsonNode node) {
        String d = node == null ? "" : node.path("description").asText("");
        if (d.isEmpty()) {
            return "as the schema describes";
        }
        int end = d.indexOf(". ");
        String first = end > 0 ? d.substring(0, end) : d.replaceAll("\\.$", "");
        boolean word = first.length() > 1 && Character.isLowerCase(first.charAt(1));
        return Quote.cut(word ? Character.toLowerCase(first.charAt(0)) + first.substring(1) : first, 200);
    }
}
