package dev.scatterbatch.app;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long run on the terminal (standard error); silent when not attached to a terminal, so logs and
 * pipes stay clean (the bar would otherwise write carriage-return redraws into them).
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A progress bar when attached to a terminal, else a silent one. */
    static Progress onTerminal(String task, int total) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        return new Progress(terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200).build() : null);
    }

    /** One more unit done (thread-safe). */
    void step() {
        if (bar != null) bar.step();
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
