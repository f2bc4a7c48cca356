/** The smallest poolkit program: push, map and apply on the default pool. */
package org.poolkit.examples.hello;
