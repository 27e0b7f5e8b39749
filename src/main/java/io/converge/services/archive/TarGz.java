package io.converge.services.archive;

import io.converge.services.BackupRestore.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The archive format of backups: a gzipped POSIX tar. A manifest {@code converge-backup.json} comes first; each
 * source is stored under {@link #entryRoot} of its spec name ({@code rel/db} for {@code db}, {@code abs/srv/db}
 * for {@code /srv/db}), with modes, owners and modification times; directories, regular files and symbolic
 * links are kept, anything else (sockets, devices) is left out.
 */
final class TarGz {
    static final String MANIFEST = "converge-backup.json";

    private TarGz() {
    }

    /** The entry name under which a source (as written in the spec) is stored. */
    static String entryRoot(String specName) {
        String trimmed = specName.replaceAll("/+$", "");
        return trimmed.startsWith("/") ? "abs" + trimmed.replaceAll("/+", "/") : "rel/" + trimmed;
    }

    static void write(OutputStream out, String manifest, List<Source> sources) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry me = new TarArchiveEntry(MANIFEST);
            me.setSize(m.length);
            tar.putArchiveEntry(me);
            tar.write(m);
            tar.closeArchiveEntry();
            for (Source s : sources) {
                if (!Files.exists(s.path(), LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("backup path " + s.name() + " (" + s.path() + ") does not exist");
                }
                addTree(tar, s.path(), entryRoot(s.name()));
            }
            tar.finish();
        }
    }

    private static void addTree(TarArchiveOutputStream tar, Path root, String entryRoot) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                add(tar, dir, name(dir) + "/");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    add(tar, file, name(file));
                }
                return FileVisitResult.CONTINUE;
            }

            private String name(Path p) {
                String rel = root.relativize(p).toString();
                return rel.isEmpty() ? entryRoot : entryRoot + "/" + rel;
            }
        });
    }

    private static void add(TarArchiveOutputStream tar, Path p, String name) throws IOException {
        TarArchiveEntry e;
        if (Files.isSymbolicLink(p)) {
            e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
            e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
        } else {
            e = new TarArchiveEntry(p, name, LinkOption.NOFOLLOW_LINKS);
        }
        Map<String, Object> unix = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        e.setMode((Integer) unix.get("mode"));
        e.setUserId((Integer) unix.get("uid"));
        e.setGroupId((Integer) unix.get("gid"));
        tar.putArchiveEntry(e);
        if (e.isFile() && !e.isSymbolicLink()) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
    }

    /**
     * Extracts the entries under {@code roots}' keys into their staging paths (entry root → staging directory or
     * file). Entries elsewhere are ignored; an entry that would leave its staging path is refused.
     *
     * @return the entry roots found in the archive
     */
    static List<String> extract(InputStream in, Map<String, Path> roots) throws IOException {
        List<String> found = new ArrayList<>();
        List<TarArchiveEntry> dirs = new ArrayList<>();
        List<Path> dirPaths = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName().replaceAll("/+$", "");
                for (var root : roots.entrySet()) {
                    if (name.equals(root.getKey()) || name.startsWith(root.getKey() + "/")) {
                        if (name.equals(root.getKey())) {
                            found.add(root.getKey());
                        }
                        Path dest = inside(root.getValue(), name.substring(root.getKey().length()));
                        if (e.isDirectory()) {
                            Files.createDirectories(dest);
                            dirs.add(e);
                            dirPaths.add(dest);
                        } else {
                            writeEntry(tar, e, dest);
                        }
                    }
                }
            }
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            // directories last, deepest first: a read-only directory is filled before it becomes read-only
            setAttributes(dirPaths.get(i), dirs.get(i));
        }
        return found;
    }

    private static Path inside(Path staging, String rest) throws IOException {
        Path dest = rest.isEmpty() ? staging : staging.resolve(rest.substring(1)).normalize();
        if (!dest.startsWith(staging)) {
            throw new IOException("archive entry " + rest + " leaves its directory");
        }
        for (Path p = dest.getParent(); p != null && p.startsWith(staging) && !p.equals(staging); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("archive entry " + rest + " goes through a symbolic link");
            }
        }
        return dest;
    }

    private static void writeEntry(TarArchiveInputStream tar, TarArchiveEntry e, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        if (e.isSymbolicLink()) {
            Files.createSymbolicLink(dest, Path.of(e.getLinkName()));
            Files.setAttribute(dest, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dest, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        } else if (e.isFile()) {
            Files.copy(tar, dest);
            setAttributes(dest, e);
        }
    }

    private static void setAttributes(Path p, TarArchiveEntry e) throws IOException {
        Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:mode", e.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(p, FileTime.from(e.getLastModifiedTime().toInstant()));
    }
}
