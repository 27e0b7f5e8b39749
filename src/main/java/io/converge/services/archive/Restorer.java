package io.converge.services.archive;

import io.converge.services.BackupRestore.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts an archive's sources back in place. Everything is first extracted beside each source (a hidden staging
 * path on the same file system); only when the whole archive has been read is each source swapped for its staged
 * copy by renames, and the old data deleted. A failure before the swap leaves every source as it was.
 */
final class Restorer {
    private Restorer() {
    }

    /** @return the spec names of the sources the archive does not hold (left as they are) */
    static List<String> restore(Path archive, List<Source> sources) throws IOException {
        Map<String, Path> staging = new LinkedHashMap<>();
        Map<String, Source> byRoot = new LinkedHashMap<>();
        for (Source s : sources) {
            Path stage = sibling(s.path(), "restore");
            deleteTree(stage);
            Files.createDirectories(s.path().toAbsolutePath().getParent());
            staging.put(TarGz.entryRoot(s.name()), stage);
            byRoot.put(TarGz.entryRoot(s.name()), s);
        }
        List<String> found;
        try (InputStream in = Files.newInputStream(archive)) {
            found = TarGz.extract(in, staging);
        } catch (IOException | RuntimeException e) {
            for (Path stage : staging.values()) {
                deleteTree(stage);
            }
            throw e;
        }
        List<String> missing = new ArrayList<>();
        for (var e : byRoot.entrySet()) {
            if (found.contains(e.getKey())) {
                swap(e.getValue().path(), staging.get(e.getKey()));
            } else {
                missing.add(e.getValue().name());
                deleteTree(staging.get(e.getKey()));
            }
        }
        return missing;
    }

    private static void swap(Path source, Path staged) throws IOException {
        Path old = sibling(source, "old");
        deleteTree(old);
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(source, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staged, source, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static Path sibling(Path source, String what) {
        return source.resolveSibling("." + source.getFileName() + ".converge-" + what);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
