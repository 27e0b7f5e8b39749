package io.converge.services.archive;

import io.converge.model.Json;
import io.converge.services.BackupFiles;
import io.converge.services.BackupRestore;
import io.converge.services.RestoreChoice;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link BackupRestore} on a directory (local, or a shared file system mounted on every candidate node): archives
 * in {@code <target>/<service>/}, each with its {@code .sha256}. An archive and its checksum are written under
 * hidden temporary names, flushed to disk, renamed (checksum first, so that an archive under its final name always
 * has one), and the directory is synced.
 */
public final class FileBackups implements BackupRestore {

    @Override
    public Taken take(String service, String node, List<Source> sources, Path target, int keep, Instant now)
            throws IOException {
        Path dir = target.resolve(service);
        Files.createDirectories(dir);
        String name = BackupFiles.archiveName(service, now, node);
        Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        Path tmpSum = dir.resolve("." + BackupFiles.checksumName(name) + "." + UUID.randomUUID() + ".tmp");
        try {
            String sha;
            try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW);
                 DigestOutputStream digest = new DigestOutputStream(file, sha256())) {
                TarGz.write(new NonClosing(digest), manifest(service, node, sources, now), sources);
                sha = HexFormat.of().formatHex(digest.getMessageDigest().digest());
            }
            Files.writeString(tmpSum, BackupFiles.checksumLine(sha, name), StandardOpenOption.CREATE_NEW);
            sync(tmp);
            sync(tmpSum);
            Files.move(tmpSum, dir.resolve(BackupFiles.checksumName(name)), StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            sync(dir);
            long size = Files.size(dir.resolve(name));
            return new Taken(name, size, sha, rotate(service, dir, keep));
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmpSum);
        }
    }

    /** Deletes the archives beyond the newest {@code keep}, with their checksums; returns their names. */
    private static List<String> rotate(String service, Path dir, int keep) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String old : BackupFiles.beyondKeep(service, names(dir), keep)) {
            Files.deleteIfExists(dir.resolve(old));
            Files.deleteIfExists(dir.resolve(BackupFiles.checksumName(old)));
            deleted.add(old);
        }
        return deleted;
    }

    @Override
    public Outcome restoreNewest(String service, List<Source> sources, Path target) {
        Path dir = target.resolve(service);
        RestoreChoice choice;
        try {
            choice = RestoreChoice.choose(BackupFiles.newestFirst(service, names(dir)), a -> problemOf(dir, a));
        } catch (IOException e) {
            return new Outcome(null, List.of(), "no backup restored: cannot list " + dir + ": " + e);
        }
        if (choice.chosen().isEmpty()) {
            return new Outcome(null, choice.skipped(), choice.skipped().isEmpty()
                    ? "no backup restored: there is none in " + dir
                    : "no backup restored: none of the " + choice.skipped().size() + " in " + dir + " verifies");
        }
        String archive = choice.chosen().get();
        try {
            List<String> missing = Restorer.restore(dir.resolve(archive), sources);
            String skipped = choice.skipped().isEmpty() ? "" : "; skipped " + choice.skipped().size()
                    + " newer that did not verify";
            return new Outcome(archive, choice.skipped(), "restored " + archive + skipped
                    + (missing.isEmpty() ? "" : "; not in it, left as they were: " + String.join(", ", missing)));
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, choice.skipped(), "restore of " + archive + " failed, data left as it was: "
                    + e);
        }
    }

    /** What is wrong with an archive: no checksum, or one that does not match; empty when it verifies. */
    static Optional<String> problemOf(Path dir, String archive) {
        String stated;
        try {
            stated = Files.readString(dir.resolve(BackupFiles.checksumName(archive)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.of("no checksum file " + BackupFiles.checksumName(archive));
        } catch (IOException e) {
            return Optional.of("checksum file unreadable: " + e.getMessage());
        }
        Optional<String> expected = BackupFiles.statedChecksum(stated, archive);
        if (expected.isEmpty()) {
            return Optional.of("its checksum file states no SHA-256 for it");
        }
        try (InputStream in = Files.newInputStream(dir.resolve(archive))) {
            MessageDigest md = sha256();
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            String actual = HexFormat.of().formatHex(md.digest());
            return actual.equals(expected.get()) ? Optional.empty()
                    : Optional.of("checksum mismatch: SHA-256 is " + actual + ", its checksum file says "
                    + expected.get());
        } catch (IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String manifest(String service, String node, List<Source> sources, Instant now)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", service);
        m.put("node", node);
        m.put("time", now.toString());
        m.put("paths", sources.stream().map(Source::name).toList());
        return Json.MAPPER.writeValueAsString(m);
    }

    private static void sync(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the tar stream finish the gzip trailer without closing the digest (which is read after). */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
