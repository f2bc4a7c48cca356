/**
 * The {@code poolkit} command line (picocli): {@code poolkit render SCENE --out DIR [--pool SPEC]
 * [--kernel jvm|opencl] [--quantities a,b,…]}, {@code poolkit pools} and {@code poolkit worker --seed HOST:PORT};
 * {@code --help} on each. Exit codes: 0 done, 1 the work failed, 2 bad arguments or an invalid scene (the message
 * names the field). Progress goes to stderr, results to stdout.
 */
package org.poolkit.cli;
