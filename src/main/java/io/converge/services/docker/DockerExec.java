package io.converge.services.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.converge.services.ContainerRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code docker exec} through docker-java: create, start attached, wait, read the exit code. */
final class DockerExec {
    /** How much of a command's output is kept (its end), for status and logs. */
    private static final int KEEP = 2000;

    private DockerExec() {
    }

    static ContainerRuntime.ExecResult run(DockerClient docker, String id, List<String> command, Duration timeout)
            throws InterruptedException {
        String exec = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        ResultCallback.Adapter<Frame> done = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    if (out.length() > 2 * KEEP) {
                        out.delete(0, out.length() - KEEP);
                    }
                }
            }
        });
        try {
            if (!done.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerRuntime.RuntimeFailure("docker exec " + command.get(0) + " in " + id
                        + ": still running after " + timeout.toMillis() + " ms", null, false, false);
            }
        } finally {
            try {
                done.close();
            } catch (java.io.IOException e) {
                // the attach stream is gone either way
            }
        }
        Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
        String text;
        synchronized (out) {
            text = out.length() > KEEP ? out.substring(out.length() - KEEP) : out.toString();
        }
        return new ContainerRuntime.ExecResult(code == null ? -1 : code.intValue(), text.strip());
    }
}
