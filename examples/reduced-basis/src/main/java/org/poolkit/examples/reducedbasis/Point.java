package org.poolkit.examples.reducedbasis;

/**
 * An interpolation point chosen by the greedy loop, as the worker that owns its row records it.
 *
 * @param iteration the greedy iteration that chose it, from 0
 * @param row       the global row (grid point) where the chosen column's residual is largest in magnitude
 * @param column    the snapshot column with the largest residual norm in that iteration
 * @param residual  the residual of that column at that row, before the deflation of that iteration
 */
record Point(int iteration, int row, int column, double residual) {
}
