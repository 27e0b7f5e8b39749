package io.converge.bench;

import io.converge.recording.RecordingRoom;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What converge's recording room ({@code converge.bench.record-enqueues}) logged, read from converge's log as it
 * grows: one {@link Pass} per line {@code recorded <plural>/<name> at-epoch-ns=<nanos>}. The instant is converge's
 * own, taken when the pass started, so how often this file is read does not change the figures. Not thread-safe:
 * one reader.
 */
final class EnqueueLog {
    private static final Pattern LINE = Pattern.compile(Pattern.quote(RecordingRoom.MARK)
            + "(\\S+) at-epoch-ns=(\\d+)");

    /** One pass of the recording room: its key ({@code portforwards/NAME}) and when it started. */
    record Pass(String key, long epochNanos) {
    }

    private final Path file;
    private final List<Pass> passes = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private long offset;

    EnqueueLog(Path file) {
        this.file = file;
    }

    /** The pass a log line records, if it is one. */
    static Optional<Pass> parse(String line) {
        Matcher m = LINE.matcher(line);
        return m.find() ? Optional.of(new Pass(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    /** Reads what was appended since the last read; returns how many passes are known now. */
    int read() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length > offset) {
                byte[] bytes = new byte[(int) (length - offset)];
                f.seek(offset);
                f.readFully(bytes);
                offset = length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        int end;
        while ((end = partial.indexOf("\n")) >= 0) {
            parse(partial.substring(0, end)).ifPresent(passes::add);
            partial.delete(0, end + 1);
        }
        return passes.size();
    }

    /** The passes from index {@code from} on (an earlier {@link #read()}'s result), in log order. */
    List<Pass> since(int from) {
        return List.copyOf(passes.subList(from, passes.size()));
    }

    /** How many distinct keys were recorded so far. */
    long distinctKeys() {
        return passes.stream().map(Pass::key).distinct().count();
    }

    /** Waits for the first pass of {@code key} from index {@code from} on; reads the file every millisecond. */
    Optional<Pass> await(String key, int from, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = from;
        while (true) {
            int n = read();
            for (; checked < n; checked++) {
                if (passes.get(checked).key().equals(key)) {
                    return Optional.of(passes.get(checked));
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(1);
        }
    }

    /** Waits until no pass was logged for {@code quiet}; false if that did not happen within {@code timeout}. */
    boolean awaitQuiet(Duration quiet, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = read();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            int n = read();
            if (n != seen) {
                seen = n;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                return true;
            }
        }
        return false;
    }
}
