package io.converge.dnat.nft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A network namespace of a test's own, created and removed by it, with nft and conntrack run inside. */
final class TestNetns implements AutoCloseable {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /** Creates a namespace with a unique name (loopback up). */
    static TestNetns create(String prefix) throws Exception {
        TestNetns ns = new TestNetns(prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
        ok(List.of("ip", "netns", "add", ns.name), "");
        ns.exec("", "ip", "link", "set", "lo", "up");
        return ns;
    }

    /** Runs a command in the namespace and returns its stdout; fails the test on a non-zero exit. */
    String exec(String stdin, String... argv) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(List.of(argv));
        return ok(all, stdin);
    }

    /** Runs a command in the namespace, whatever its exit status. */
    ProcessRun.Outcome run(String stdin, String... argv) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(List.of(argv));
        return ProcessRun.run(all, stdin, LIMIT, pid -> { });
    }

    String nft(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("nft"));
        argv.addAll(List.of(args));
        return exec("", argv.toArray(String[]::new));
    }

    private static String ok(List<String> argv, String stdin) throws Exception {
        ProcessRun.Outcome out = ProcessRun.run(argv, stdin, LIMIT, pid -> { });
        if (out.exit() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + out.exit() + ": " + out.message(2000));
        }
        return out.stdout();
    }

    @Override
    public void close() throws Exception {
        ok(List.of("ip", "netns", "delete", name), "");
    }
}
