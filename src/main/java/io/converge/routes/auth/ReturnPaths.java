package io.converge.routes.auth;

/**
 * Where a login may send the browser back to: a path on the same host only, so that the login form is never an
 * open redirect. Pure.
 */
public final class ReturnPaths {
    /** Where a refused return path goes instead. */
    public static final String HOME = "/";
    private static final int MAX = 2048;

    private ReturnPaths() {
    }

    /**
     * {@code wanted} when it is a path relative to this host ({@code /…}, not {@code //host} nor {@code /\host},
     * which browsers read as another host; no control characters; not the login page itself); otherwise {@link #HOME}.
     */
    public static String safe(String wanted) {
        if (wanted == null || wanted.isEmpty() || wanted.length() > MAX || wanted.charAt(0) != '/') {
            return HOME;
        }
        if (wanted.startsWith("//") || wanted.indexOf('\\') >= 0
                || wanted.startsWith(ForwardAuthServer.LOGIN_PATH)) {
            return HOME;
        }
        for (int i = 0; i < wanted.length(); i++) {
            char c = wanted.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return HOME; // a space or a tab too: browsers strip them and could then see "//"
            }
        }
        return wanted;
    }
}
