package io.converge.model;

/**
 * Quotes a value from a document inside a message, never more than {@link #MAX_CODE_POINTS} code points of it:
 * a rejected document may hold half a megabyte in one string, and a message that echoed it would not fit in the
 * status that reports it. The quote is one line (control characters and unpaired surrogates are escaped).
 */
public final class Quote {
    /** How much of a value a message shows. */
    public static final int MAX_CODE_POINTS = 64;

    private Quote() {
    }

    /** {@code "abc"}, or {@code "abc…" (1234 more characters)} when the text is longer than the cap. */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        int i = 0;
        while (i < text.length() && shown < MAX_CODE_POINTS) {
            int cp = text.codePointAt(i);
            append(out, cp);
            i += Character.charCount(cp);
            shown++;
        }
        out.append('"');
        if (i < text.length()) {
            out.insert(out.length() - 1, '…').append(" (").append(text.codePointCount(i, text.length()))
                    .append(" more characters)");
        }
        return out.toString();
    }

    /** The text itself when short, else its first {@code max} characters and how many were left out. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
    }

    private static void append(StringBuilder out, int cp) {
        switch (cp) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            default -> {
                if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }
}
