/**
 * Small support code that links share, none of it part of the runtime: {@link org.poolkit.support.Chunks}
 * (splitting frames larger than a transport's message limit, and putting them together again) and {@link
 * org.poolkit.support.ChildProcesses} (the command line of a worker JVM, and stopping child processes within a
 * bound, descendants included).
 *
 * <p>Thread-safety: static methods are thread-safe; a {@code Chunks.Assembly} serves one sender.
 *
 * @since 0.2
 */
package org.poolkit.support;
