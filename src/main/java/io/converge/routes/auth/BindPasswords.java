package io.converge.routes.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The service accounts' passwords: from the realm's {@code bindPasswordFile}, re-read whenever the file changes
 * (its modification time, size or inode), else from one environment variable; never from a document. A password
 * is never logged nor put in a message.
 */
final class BindPasswords {
    private record Read(Object fileKey, long modified, long size, String password) {
    }

    private final Function<String, String> environment;
    private final String variable;
    private final Map<Path, Read> files = new ConcurrentHashMap<>();

    /** @param variable the environment variable read for a realm with a bindDn but no bindPasswordFile */
    BindPasswords(Function<String, String> environment, String variable) {
        this.environment = environment;
        this.variable = variable;
    }

    /**
     * The password {@code realm} binds with now; {@code null} for an anonymous search (no bindDn).
     *
     * @throws DirectoryUnavailable when the file cannot be read or the variable is not set (naming which, not the
     *                              value)
     */
    String password(LdapRealm realm) throws DirectoryUnavailable {
        if (realm.bindDn() == null) {
            return null;
        }
        if (realm.bindPasswordFile() == null) {
            String value = environment.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new DirectoryUnavailable("route " + realm.route() + ": no bindPasswordFile, and the environment"
                        + " variable " + variable + " is not set", null);
            }
            return value;
        }
        return fromFile(realm.route(), Path.of(realm.bindPasswordFile()));
    }

    private String fromFile(String route, Path file) throws DirectoryUnavailable {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            Read known = files.get(file);
            if (known != null && known.modified == now.lastModifiedTime().toMillis() && known.size == now.size()
                    && java.util.Objects.equals(known.fileKey, now.fileKey())) {
                return known.password;
            }
            String password = firstLine(Files.readString(file, StandardCharsets.UTF_8));
            if (password.isEmpty()) {
                throw new DirectoryUnavailable("route " + route + ": bindPasswordFile " + file + " is empty", null);
            }
            files.put(file, new Read(now.fileKey(), now.lastModifiedTime().toMillis(), now.size(), password));
            return password;
        } catch (IOException e) {
            throw new DirectoryUnavailable("route " + route + ": cannot read bindPasswordFile " + file + ": "
                    + e.getClass().getSimpleName(), null);
        }
    }

    /** The file's first line without its line end: {@code echo secret > file} writes a newline. */
    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
