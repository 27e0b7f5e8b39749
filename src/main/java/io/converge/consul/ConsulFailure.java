package io.converge.consul;

/** A Consul request that failed, naming the operation and the path so that a log line explains itself. */
public final class ConsulFailure extends RuntimeException {

    public ConsulFailure(String operation, String path, Throwable cause) {
        super(operation + " " + path + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage()), cause);
    }

    public ConsulFailure(String operation, String path, String problem) {
        super(operation + " " + path + ": " + problem);
    }
}
