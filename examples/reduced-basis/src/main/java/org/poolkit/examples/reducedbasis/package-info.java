/**
 * A greedy reduced-basis loop whose state lives on the workers, the way pyMOR's greedy algorithms keep it
 * (issue 11): {@link org.poolkit.examples.reducedbasis.ReducedBasis} is the command,
 * {@link org.poolkit.examples.reducedbasis.Greedy} the loop. Single-threaded on the caller's side: the loop makes
 * one pool call at a time.
 */
package org.poolkit.examples.reducedbasis;
