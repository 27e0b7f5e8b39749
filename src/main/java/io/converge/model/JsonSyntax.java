package io.converge.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in words why a text is not JSON, from the parser's exception: what was found and where (line and
 * column), without the parser's internals (feature flags, limits' getter names, Java types).
 */
final class JsonSyntax {
    private static final Pattern TOKEN = Pattern.compile("token '(.*)': was expecting", Pattern.DOTALL);
    private static final Pattern CHARACTER = Pattern.compile("Unexpected character \\('(.)' \\(code \\d+\\)\\):?\\s*(.*)",
            Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile("\\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
    private static final Pattern BACKQUOTED = Pattern.compile("`[^`]*`|\\(from [^)]*\\)|\\[Source:[^\\]]*\\]");

    private JsonSyntax() {
    }

    /** {@code not JSON: <what> at line L, column C}. */
    static String describe(JsonProcessingException e) {
        String what = what(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        JsonLocation at = e.getLocation();
        return "not JSON: " + what + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }

    static String what(String m) {
        if (m.startsWith("Unexpected end-of-input") || m.contains("end-of-input")) {
            return "the text ends before the JSON does (cut off?)";
        }
        if (m.startsWith("Non-standard token")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (m.contains("nesting depth")) {
            return "nested more than " + DocumentValidator.MAX_DEPTH + " levels deep";
        }
        if (m.contains("Number value length") || m.contains("Number length")) {
            return "a number with too many digits";
        }
        if (m.contains("Name length")) {
            return "a key of more than 50000 characters";
        }
        if (m.contains("exceeds the maximum")) {
            return "a value too long to read";
        }
        if (m.startsWith("Unexpected close marker")) {
            return "a closing bracket or brace that closes nothing";
        }
        if (m.startsWith("Trailing token")) {
            return "more text follows the JSON object";
        }
        if (m.contains("comment")) {
            return "comments are not allowed in JSON";
        }
        Matcher dup = DUPLICATE.matcher(m);
        if (dup.find()) {
            return "duplicate key " + Quote.of(dup.group(1)) + " (each key may appear once in an object)";
        }
        Matcher control = CONTROL.matcher(m);
        if (control.find()) {
            return "control character " + String.format("U+%04X", Integer.parseInt(control.group(1)))
                    + (m.contains("string value") ? " inside a string must be escaped" : " outside a string");
        }
        Matcher token = TOKEN.matcher(m);
        if (token.find()) {
            return "unexpected word " + Quote.of(token.group(1)) + " (strings need double quotes)";
        }
        Matcher c = CHARACTER.matcher(m);
        if (c.matches()) {
            return "unexpected character " + Quote.of(c.group(1)) + expected(c.group(2));
        }
        return plain(m);
    }

    private static String expected(String rest) {
        String s = plain(rest);
        return s.isEmpty() ? "" : ": " + s;
    }

    /** The parser's words without what only a Java programmer would read. */
    private static String plain(String m) {
        String s = BACKQUOTED.matcher(m).replaceAll("").replaceAll("\\s+", " ").trim();
        s = s.replace("JSON String, Number, Array, Object or token 'null', 'true' or 'false'",
                "a string, number, array, object, true, false or null");
        return Quote.cut(s, 160);
    }
}
