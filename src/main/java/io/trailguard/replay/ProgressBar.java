package io.trailguard.replay;

import java.io.PrintStream;

/** A one-line progress bar on the terminal (stderr), drawn at most four times a second and only after the first second. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long FIRST_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintStream terminal;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private long last = start;
    private boolean drawn;

    ProgressBar(PrintStream terminal, long totalBytes) {
        this.terminal = terminal;
        this.totalBytes = Math.max(1, totalBytes);
    }

    /** Cheap to call per event: it draws only when it is time to. */
    void update(long bytesRead, long events) {
        long now = System.nanoTime();
        if (now - start < FIRST_NANOS || now - last < EVERY_NANOS) {
            return;
        }
        last = now;
        drawn = true;
        double done = Math.min(1.0, (double) bytesRead / totalBytes);
        int filled = (int) (done * WIDTH);
        double seconds = (now - start) / 1e9;
        terminal.printf("\r[%s%s] %3d%%  %,d events  %,.0f events/s ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                (int) (done * 100), events, events / seconds);
        terminal.flush();
    }

    void clear() {
        if (drawn) {
            terminal.print("\r" + " ".repeat(WIDTH + 60) + "\r");
            terminal.flush();
        }
    }
}
