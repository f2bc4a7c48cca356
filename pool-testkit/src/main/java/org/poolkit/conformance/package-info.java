/**
 * The conformance suite of {@link org.poolkit.api.WorkerPool}, published as {@code pool-testkit}.
 *
 * <p>A pool module depends on {@code org.poolkit:pool-testkit} in test scope and adds one subclass of
 * {@link org.poolkit.conformance.WorkerPoolContract} per spec it tests, overriding only {@code spec()} (and the
 * capabilities it lacks). {@link org.poolkit.conformance.LeakCheck} fails a test that leaves a {@code poolkit-}
 * thread, a child process or a stored remote object behind.
 *
 * <p>Thread-safety: the suite's classes are used by JUnit, one test at a time.
 *
 * @since 0.1
 */
package org.poolkit.conformance;
