/**
 * pool-testkit's seam into the shared runtime: {@link org.poolkit.runtime.StoredObjects}, read by the leak check.
 * Internal.
 *
 * @since 0.2
 */
package org.poolkit.runtime;
