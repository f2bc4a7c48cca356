/**
 * The conformance suite of {@link org.poolkit.api.WorkerPool}, published in {@code pool-api}'s test-jar.
 *
 * <p>A pool module depends on {@code pool-api:test-jar} and adds one subclass of
 * {@link org.poolkit.conformance.WorkerPoolContract} per spec it tests, overriding only {@code spec()}.
 * {@link org.poolkit.conformance.LeakCheck} fails a test that leaves a {@code poolkit-} thread, a child process or
 * a stored remote object behind.
 */
package org.poolkit.conformance;
