package io.converge.it;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Everything logged in this JVM while installed (messages, parameters, exceptions), for asserting on it. */
final class LogCapture extends Handler {
    private final StringBuffer text = new StringBuffer();

    void install() {
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    void remove() {
        Logger.getLogger("").removeHandler(this);
    }

    String text() {
        return text.toString();
    }

    @Override
    public void publish(LogRecord record) {
        text.append(record.getMessage()).append(' ');
        if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
                text.append(p).append(' ');
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(t).append(' ');
        }
        text.append('\n');
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
