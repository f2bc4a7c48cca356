package org.poolkit.akka;

import java.util.concurrent.TimeUnit;

import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * A program for {@link StuckFunctionTest}, run in a JVM of its own: creates the pool of its first argument, calls a
 * function that never returns on worker 0 (the second argument: {@code sleep}, an interruptible sleep, or
 * {@code deaf}, which ignores interrupts), closes the pool and returns from {@code main}. It prints what the test
 * checks on lines that start with {@code STUCK}; the JVM must then exit by itself.
 */
public final class StuckFunctionMain {

    private StuckFunctionMain() {
    }

    /**
     * Runs the program.
     *
     * @param args the pool spec, and {@code sleep} or {@code deaf}
     */
    public static void main(String[] args) {
        boolean deaf = args[1].equals("deaf");
        WorkerPool pool = WorkerPools.create(args[0]);
        System.out.println("STUCK worker-pid " + pool.applyOnly(0, ctx -> ProcessHandle.current().pid()));
        try {
            pool.applyOnly(0, ctx -> {
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        if (!deaf) {
                            throw e;
                        }
                    }
                }
            });
            System.out.println("STUCK returned");
        } catch (PoolTimeoutException e) {
            System.out.println("STUCK timeout " + e.getMessage().replace('\n', ' '));
        }
        long start = System.nanoTime();
        pool.close();
        System.out.println("STUCK closed-ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.println("STUCK main-returns-at " + System.currentTimeMillis());
    }
}
