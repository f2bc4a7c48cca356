package org.poolkit.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A pool of workers that run functions and hold copies of objects for the caller.
 *
 * <p>Every pool, whatever moves its bytes (one thread, worker actors, a cluster of JVMs, MPI ranks), keeps the same
 * contract; the conformance suite in {@code pool-testkit} checks it on each one. In short:
 * <ul>
 *   <li>{@link #push} gives every worker its own copy of an object and returns a {@link RemoteObject} handle; a
 *       function run by the pool reaches its worker's copy with {@link RemoteObject#get()}. Equal
 *       {@link Immutable} objects are sent once and shared by their handles.</li>
 *   <li>{@link #scatterList} and {@link #scatterArray} give worker {@code i} the {@code i}-th contiguous block
 *       of the input; block sizes differ by at most one, the first {@code n % size()} blocks being longer.</li>
 *   <li>{@link #apply} runs a function once on every worker; {@link #applyOnly} on one.</li>
 *   <li>{@link #map} computes a function of every item, balancing the work dynamically over the workers and
 *       batching items so that cheap items do not cost one message each. Results keep the order of the
 *       items, or stream into a {@link ResultSink} as they arrive.</li>
 * </ul>
 *
 * <p><b>State.</b> A function may change the copy that {@link RemoteObject#get()} returns on its worker, and the
 * change persists for later calls on that worker. Each push or scatter says whether its copies may change
 * ({@link Mutability}): a {@link Mutability#READ_ONLY} object is given again, from the caller's copy, to a worker
 * that replaces a lost one; a {@link Mutability#STATEFUL} one (the default) is not, and once a worker holding one
 * of its copies or blocks is lost, every call that uses the handle fails with a {@link WorkerLostException} naming
 * the handle and the worker, until the caller restores it ({@link #restore}) or pushes or scatters again. A
 * scattered object never silently misses a block: while a block has no live holder, every call that uses it fails
 * naming the object and the block. A worker that replaces a lost one holds exactly the read-only objects (and the
 * empty blocks of scatters that gave its slot nothing); its {@link WorkerContext#incarnation()} differs from its
 * predecessor's.
 *
 * <p>Errors: an exception thrown by a function on a worker reaches the caller as a {@link WorkerException}; a
 * function whose captured state cannot be serialized is refused on the caller's thread with a
 * {@link PoolException}; {@code null} arguments are a {@link NullPointerException}. In every case the pool stays
 * usable. After {@link #close()}, every call throws {@code IllegalStateException("pool is closed")}.
 *
 * <p>Pools are safe to use from several threads at once.
 *
 * @since 0.1
 */
public interface WorkerPool extends AutoCloseable {

    /**
     * Returns the number of workers.
     *
     * @return the number of workers that take part in {@link #apply} and {@link #map}; at least 1
     */
    int size();

    /**
     * Sends a copy of {@code object} to every worker; the copies are {@link Mutability#STATEFUL} unless the
     * object is {@link Immutable}.
     *
     * <p>An object that implements {@link Immutable} and {@code equals} one already pushed (and whose handles are
     * not all removed) is not sent again: the returned handle refers to the same remote copy, which lives until
     * every handle to it is removed.
     *
     * @param object the object to copy to the workers; not {@code null}
     * @param <T>    the object's type
     * @return a handle to the workers' copies
     * @throws PoolException if the object cannot be serialized or a worker cannot store it
     */
    default <T> RemoteObject<T> push(T object) {
        return push(object, Mutability.STATEFUL);
    }

    /**
     * Sends a copy of {@code object} to every worker, declaring whether the workers may change their copies.
     *
     * <p>{@code pool.push(basis, READ_ONLY)} (with {@code import static org.poolkit.api.Mutability.READ_ONLY}) is
     * the common case of data that functions only read: it survives the loss of a worker that the pool replaces.
     * An {@link Immutable} object is read-only whatever {@code mutability} says.
     *
     * @param object     the object to copy to the workers; not {@code null}
     * @param mutability whether functions may change the workers' copies; not {@code null}
     * @param <T>        the object's type
     * @return a handle to the workers' copies
     * @throws PoolException if the object cannot be serialized or a worker cannot store it
     * @since 0.3
     */
    <T> RemoteObject<T> push(T object, Mutability mutability);

    /**
     * Splits {@code items} into {@link #size()} contiguous blocks and gives block {@code i} to worker {@code i};
     * the blocks are {@link Mutability#STATEFUL}.
     *
     * @param items the items to distribute; not {@code null} (items may be)
     * @param <T>   the item type
     * @return a handle whose {@code get()} returns, on worker {@code i}, the list of its block
     */
    default <T> RemoteObject<List<T>> scatterList(List<? extends T> items) {
        return scatterList(items, Mutability.STATEFUL);
    }

    /**
     * Splits {@code items} into {@link #size()} contiguous blocks and gives block {@code i} to worker {@code i},
     * declaring whether the workers may change their blocks.
     *
     * @param items      the items to distribute; not {@code null} (items may be)
     * @param mutability whether functions may change the blocks; not {@code null}
     * @param <T>        the item type
     * @return a handle whose {@code get()} returns, on worker {@code i}, the list of its block
     * @since 0.3
     */
    <T> RemoteObject<List<T>> scatterList(List<? extends T> items, Mutability mutability);

    /**
     * Splits the rows of {@code rows} into {@link #size()} contiguous blocks and gives block {@code i} to
     * worker {@code i}; the blocks are {@link Mutability#STATEFUL}.
     *
     * @param rows the rows to distribute; not {@code null}
     * @return a handle whose {@code get()} returns, on worker {@code i}, the rows of its block
     */
    default RemoteObject<double[][]> scatterArray(double[][] rows) {
        return scatterArray(rows, Mutability.STATEFUL);
    }

    /**
     * Splits the rows of {@code rows} into {@link #size()} contiguous blocks and gives block {@code i} to
     * worker {@code i}, declaring whether the workers may change their blocks.
     *
     * @param rows       the rows to distribute; not {@code null}
     * @param mutability whether functions may change the blocks; not {@code null}
     * @return a handle whose {@code get()} returns, on worker {@code i}, the rows of its block
     * @since 0.3
     */
    RemoteObject<double[][]> scatterArray(double[][] rows, Mutability mutability);

    /**
     * Gives every worker the caller's original of an object again (the pushed object, or each block of the
     * scatter, as they were when pushed or scattered), replacing whatever the workers' copies became, and makes a
     * handle whose state was lost usable again. This is the explicit recovery of a {@link Mutability#STATEFUL}
     * object after a loss: the caller accepts that every change the workers made is discarded.
     *
     * @param handle a live handle of this pool; not {@code null}
     * @throws IllegalArgumentException if the handle belongs to another pool
     * @throws IllegalStateException    if the handle was removed
     * @throws WorkerLostException      if a block of a scattered object has no worker to hold it any more (the pool
     *                                  shrank after the scatter, naming the block): scatter the items again
     * @since 0.3
     */
    void restore(RemoteObject<?> handle);

    /**
     * Runs {@code function} exactly once on every worker.
     *
     * @param function the function; not {@code null}
     * @param <R>      the result type
     * @return the results, element {@code i} from worker {@code i}
     * @throws WorkerException if the function threw on a worker
     */
    <R> List<R> apply(WorkerFunction<? extends R> function);

    /**
     * Runs {@code function} on worker {@code worker} only.
     *
     * @param worker   the worker index, {@code 0 <= worker < size()}
     * @param function the function; not {@code null}
     * @param <R>      the result type
     * @return the function's result
     * @throws IllegalArgumentException if {@code worker} is out of range (nothing is sent)
     * @throws WorkerException          if the function threw
     */
    <R> R applyOnly(int worker, WorkerFunction<? extends R> function);

    /**
     * Computes {@code function.apply(item)} for every item on the workers.
     *
     * <p>The default implementation collects the results of {@link #map(RemoteFunction, List, ResultSink)} by
     * index into a new mutable list.
     *
     * @param function the function; not {@code null}
     * @param items    the items; not {@code null}. An empty list returns an empty list without contacting any
     *                 worker.
     * @param <T>      the item type
     * @param <R>      the result type
     * @return the results, element {@code i} being the result for {@code items.get(i)}
     * @throws WorkerException if the function threw on an item; no new batches are handed out afterwards
     */
    default <T, R> List<R> map(RemoteFunction<? super T, ? extends R> function, List<? extends T> items) {
        Objects.requireNonNull(function, "map: function must not be null");
        Objects.requireNonNull(items, "map: items must not be null");
        Object[] results = new Object[items.size()];
        map(function, items, (index, result) -> results[index] = result);
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) new ArrayList<>(Arrays.asList(results));
        return list;
    }

    /**
     * Computes {@code function.apply(item)} for every item and hands each result to {@code sink} as it arrives.
     *
     * <p>The sink is called on the calling thread, exactly once per item, in completion order, with the item's
     * index. Only a bounded number of results wait in memory for the sink: a slow sink slows the dispatch of
     * new work instead of filling the heap.
     *
     * @param function the function; not {@code null}
     * @param items    the items; not {@code null}
     * @param sink     receives {@code (index, result)} pairs; not {@code null}
     * @param <T>      the item type
     * @param <R>      the result type
     * @throws WorkerException if the function threw on an item
     */
    <T, R> void map(RemoteFunction<? super T, ? extends R> function, List<? extends T> items,
                    ResultSink<? super R> sink);

    /**
     * Returns counters of what this pool has done so far.
     *
     * @return a snapshot of the counters
     * @since 0.1
     */
    PoolStats stats();

    /**
     * Frees every remote object, stops every worker thread and child process, and makes every later call fail
     * with {@code IllegalStateException("pool is closed")}. Calling it again does nothing.
     */
    @Override
    void close();
}
