package io.converge.routes.auth;

/** The login form: one small HTML page, no external assets, every value escaped. Pure. */
final class LoginPage {
    private LoginPage() {
    }

    /**
     * The form that posts {@code username}, {@code password}, {@code route} and {@code return} to the login path.
     *
     * @param error shown above the form, or {@code null}
     */
    static String render(String route, String returnPath, String error) {
        String message = error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>\n";
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in</title>
                <style>body{font-family:sans-serif;max-width:22em;margin:4em auto;padding:0 1em}
                label,input,button{display:block;width:100%%;margin:.3em 0}input{padding:.4em}
                .error{color:#a00}</style></head>
                <body><h1>Sign in</h1>
                %s<form method="post" action="%s">
                <input type="hidden" name="route" value="%s">
                <input type="hidden" name="return" value="%s">
                <label for="u">User name</label><input id="u" name="username" autocomplete="username" required autofocus>
                <label for="p">Password</label>
                <input id="p" name="password" type="password" autocomplete="current-password" required>
                <button type="submit">Sign in</button>
                </form></body></html>
                """.formatted(message, ForwardAuthServer.LOGIN_PATH, escape(route), escape(returnPath));
    }

    /** {@code text} safe inside an HTML element or a double-quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
