package org.poolkit.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.poolkit.render.Progress;
import org.poolkit.render.ProgressListener;

/** A progress bar on stderr (tasks done, rate, estimated time left) fed by the render's progress reports. */
final class ConsoleProgress implements ProgressListener, AutoCloseable {

    private final String name;
    private ProgressBar bar;

    ConsoleProgress(String name) {
        this.name = name;
    }

    @Override
    public void onProgress(Progress progress) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, progress.total()))
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(100)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(" tiles", 1).build();
        }
        bar.stepTo(progress.done());
        // the bar shows done/total, elapsed and time left itself; the status matters before the first tile
        bar.setExtraMessage(progress.done() == 0 ? progress.status() : "");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
