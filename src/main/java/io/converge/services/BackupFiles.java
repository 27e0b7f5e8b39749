package io.converge.services;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of backups in a target directory, and which of them to keep. Pure.
 * <p>An archive is {@code <service>-<UTC time to the millisecond>-<node>.tar.gz}, e.g.
 * {@code db-20261129T030000.000Z-node-a.tar.gz}, beside its checksum {@code <archive>.sha256} (in
 * {@code sha256sum}'s format, so that {@code sha256sum -c} checks it by hand). Names sort by time; files being
 * written start with a dot and are never listed.
 */
public final class BackupFiles {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern ARCHIVE = Pattern.compile("(\\d{8}T\\d{6}\\.\\d{3}Z)-([A-Za-z0-9_.-]+)\\.tar\\.gz");
    public static final String CHECKSUM_SUFFIX = ".sha256";

    private BackupFiles() {
    }

    /** The archive name of a backup of {@code service} taken {@code at} on {@code node}. */
    public static String archiveName(String service, Instant at, String node) {
        return service + "-" + TIME.format(at) + "-" + node.replaceAll("[^A-Za-z0-9_.-]", "_") + ".tar.gz";
    }

    public static String checksumName(String archive) {
        return archive + CHECKSUM_SUFFIX;
    }

    /** The time in an archive name of {@code service}; empty for any other file. */
    public static Optional<Instant> timeOf(String service, String fileName) {
        if (!fileName.startsWith(service + "-")) {
            return Optional.empty();
        }
        Matcher m = ARCHIVE.matcher(fileName.substring(service.length() + 1));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(TIME.parse(m.group(1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The archives of {@code service} among {@code names}, newest first (ties: by name). */
    public static List<String> newestFirst(String service, Collection<String> names) {
        return names.stream().filter(n -> timeOf(service, n).isPresent())
                .sorted(Comparator.comparing((String n) -> timeOf(service, n).orElseThrow())
                        .thenComparing(Comparator.naturalOrder()).reversed())
                .toList();
    }

    /** The archives of {@code service} beyond the newest {@code keep}: the ones rotation deletes. */
    public static List<String> beyondKeep(String service, Collection<String> names, int keep) {
        List<String> sorted = newestFirst(service, names);
        return sorted.size() <= keep ? List.of() : sorted.subList(keep, sorted.size());
    }

    /** A checksum file's line for an archive, as {@code sha256sum} writes it. */
    public static String checksumLine(String sha256Hex, String archive) {
        return sha256Hex + "  " + archive + "\n";
    }

    /** The hex digest a checksum file states for {@code archive}; empty when it states none for that name. */
    public static Optional<String> statedChecksum(String content, String archive) {
        for (String line : content.split("\n")) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length == 2 && parts[1].equals(archive) && parts[0].matches("[0-9a-fA-F]{64}")) {
                return Optional.of(parts[0].toLowerCase(java.util.Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}
