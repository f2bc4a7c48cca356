#!/usr/bin/python3
"""mpi4py.futures peer benchmark for the poolkit side-by-side benchmarks.

Measures, with an ``mpi4py.futures.MPIPoolExecutor`` of 2 worker processes,
the same things the Java harness measures on its pools:

  map          for each n in --sizes: wall time of
               ``list(executor.map(noop, range(n), chunksize=1))`` (one task
               per item, what a typical user writes; results checked to equal
               range(n)), --repeats times per n after one small warm-up.
               Series "mpi4py", JSON key "map".
  map_chunked  the same with ``chunksize=max(1, n // 64)``.  Series
               "mpi4py-chunked", JSON key "map_chunked".
  push         for each MB in --push-mb: mpi4py.futures has no broadcast, so
               the numpy float64 array of MB * 1e6 bytes (random data) is sent
               once per worker as a task argument: two ``store(array)`` tasks
               are submitted back to back and waited for; ``store`` keeps the
               array in a module-level global of the worker and returns the
               worker's pid.  A task goes to whichever worker is free; with
               both workers idle and the two tasks submitted together they go
               to different workers (checked every repetition from the
               returned pids; a miss is recorded in "errors").  The figure is
               "array sent once per worker as a task argument".  After each
               repetition the stored copies are dropped (untimed).  One
               untimed 1 MB push precedes the series (warm-up).
  apply        --apply-repeats sequential round trips of
               ``executor.submit(noop, i).result()``; every round trip's
               seconds are reported (the harness takes the median).

"startup_s" is the time to create the executor and ``bootup(wait=True)`` it
(with the mpiexec launch the worker processes already exist at that point;
the cost of mpiexec starting 3 Python processes is only visible in the wall
time of the whole command, measured by the caller).  Order of the steps:
start-up, warm-up, apply, push, map_chunked (all sizes), map (all sizes; the
most expensive step last, so a timeout there loses the least).

Command line (what the Java harness runs; the preferred launch):

  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
  OMPI_MCA_rmaps_base_oversubscribe=1 \
  mpiexec -n 3 --oversubscribe /usr/bin/python3 -m mpi4py.futures mpi4py_peer.py \
      --sizes 1000,10000,100000 --push-mb 1,10,100 --repeats 3 \
      --apply-repeats 200 --timeout 300

Rank 0 runs this script, ranks 1 and 2 are the pool's 2 workers.  The three
OMPI_* variables are needed because we run as root and start 3 processes on 2
cores; mpiexec reads them itself, so they must be in its environment.

Also supported (spawn launch, no mpiexec): ``/usr/bin/python3 mpi4py_peer.py
ARGS``; the executor then spawns its 2 workers with MPI.Comm_spawn (the
script sets the three OMPI_* variables for itself if they are missing).  The
JSON says which launch was used in "launch".

An empty list (``--sizes ""``, ``--push-mb ""``) or ``--apply-repeats 0`` skips
that step.

Output: exactly one JSON object on stdout at the end; everything else goes to
stderr (file descriptor 1 of this process and of the workers is redirected to
stderr).  Failures (exceptions, timeouts) are recorded as strings in "errors"
and the run continues.  --timeout bounds the whole run (counted from the start
of this script): steps stop at a soft deadline (timeout minus a small reserve
for shutdown) with an "errors" entry for what was skipped; a watchdog at the
hard deadline prints the JSON collected so far and aborts the MPI job
(MPI_Abort, mpiexec launch) or kills the spawned processes (spawn launch).
Exit code 0 whenever the JSON was printed (after a hard timeout, mpiexec may
exit non-zero: read the JSON regardless).
"""

import time

_T_START = time.monotonic()

import os
import sys

# The shared code lies next to this script (peer_common.py); look there first,
# however the script was started (python3 -m mpi4py.futures, or the workers,
# which run this file as module "__worker__").
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from peer_common import WORKERS, Run, parse_args, redirect_stdout  # noqa: E402

# Keep stdout clean for the single JSON line: fd 1 goes to stderr.  This also
# runs in the workers, which import this file (as module "__worker__") before
# serving tasks.
redirect_stdout()

# Needed by Open MPI for the spawn launch (root, 3 processes on 2 cores); with
# the mpiexec launch MPI is already initialised and mpiexec had them already.
for _k in ("OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM",
           "OMPI_MCA_rmaps_base_oversubscribe"):
    os.environ.setdefault(_k, "1")

PEER = "mpi4py"

_STORED = None  # worker side: the pushed array


def noop(x):
    return x


def store(arr):
    global _STORED
    _STORED = arr
    return os.getpid(), int(arr.nbytes)


def clear(_):
    global _STORED
    _STORED = None
    return os.getpid()


def kill_spawned_workers():
    """Spawn launch: SIGKILL the worker processes (descendants of the orted
    that Open MPI starts for this singleton) without waiting.  The orted is
    left alone: it exits by itself once this process is gone, whereas killing
    it first makes the MPI library end this process with a non-zero code."""
    try:
        import psutil
        kids = psutil.Process().children(recursive=True)
    except Exception:
        return
    for p in kids:
        try:
            if "orted" not in p.name():
                p.kill()
        except Exception:
            pass


class MpiRun(Run):
    def __init__(self, args, launch):
        super().__init__(PEER, args, _T_START, launch,
                         series={"map": "mpi4py", "map_chunked": "mpi4py-chunked"})
        self.executor = None

    def hard_timeout(self):
        # Print the JSON collected so far unless it was printed already; in
        # both cases end the run now (a normal run that is still tearing down
        # MPI at the hard deadline is cut short too).
        self.emit("hard timeout: --timeout %gs reached, run aborted" % self.args.timeout)
        print("[%s] hard deadline reached, aborting" % PEER, file=sys.stderr, flush=True)
        if self.launch.startswith("mpiexec"):
            from mpi4py import MPI
            MPI.COMM_WORLD.Abort(0)
        else:
            kill_spawned_workers()
        os._exit(0)

    def steps(self, sizes, push_mb):
        args = self.args
        res = self.result
        import mpi4py
        from mpi4py import MPI
        from mpi4py.futures import MPIPoolExecutor
        import numpy as np

        res["version"] = mpi4py.__version__
        res["versions"] = {"mpi4py": mpi4py.__version__,
                           "mpi": MPI.Get_library_version().replace("\x00", "").splitlines()[0].strip(),
                           "numpy": np.__version__,
                           "python": sys.version.split()[0]}

        # -- start-up --------------------------------------------------
        t0 = time.perf_counter()
        executor = self.executor = MPIPoolExecutor(max_workers=WORKERS)
        executor.bootup(wait=True)
        res["startup_s"] = time.perf_counter() - t0
        self.log("executor up in %.3fs (%s)" % (res["startup_s"], self.launch))

        # -- warm-up ---------------------------------------------------
        assert list(executor.map(noop, range(20), timeout=max(1.0, self.remaining()))) \
            == list(range(20))

        if args.stall_s > 0:  # self-test of the watchdog only
            self.log("stalling %.1fs (self-test)" % args.stall_s)
            executor.submit(time.sleep, args.stall_s).result()

        # -- apply round trips ----------------------------------------
        self.measure_apply(lambda i, rem: executor.submit(noop, i).result(timeout=rem))

        # -- push (array sent once per worker as a task argument) ------
        rng = np.random.default_rng(12345)
        if push_mb:
            # untimed warm-up: the first large message is several times slower
            warm = rng.random(125000)  # 1 MB
            for f in [executor.submit(store, warm) for _ in range(WORKERS)]:
                f.result(timeout=max(1.0, self.remaining()))
            for f in [executor.submit(clear, 0) for _ in range(WORKERS)]:
                f.result(timeout=max(1.0, self.remaining()))
            del warm

        def push(arr, rem, t0):
            futs = [executor.submit(store, arr) for _ in range(WORKERS)]
            return [f.result(timeout=max(0.001, rem - (time.perf_counter() - t0)))
                    for f in futs]

        def check(key, rep, arr, got):
            pids = {pid for pid, _ in got}
            if len(pids) != WORKERS:
                self.err("push %s MB rep %d: array reached %d distinct worker(s), "
                         "expected %d" % (key, rep + 1, len(pids), WORKERS))
            if any(nb != arr.nbytes for _, nb in got):
                self.err("push %s MB rep %d: worker got a wrong size" % (key, rep + 1))

        def release():
            # drop the copies again (untimed)
            for f in [executor.submit(clear, 0) for _ in range(WORKERS)]:
                f.result(timeout=max(1.0, self.remaining()))

        self.measure_push(push_mb, rng, push, check, release)

        # -- map: chunked series first (cheap), then one task per item -
        if sizes:
            self.run_map(sizes, "map_chunked", lambda n: max(1, n // 64))
            self.run_map(sizes, "map", lambda n: 1)

    def run_map(self, sizes, series_key, chunk_of):
        executor = self.executor
        return self.measure_map(
            series_key, sizes,
            lambda n, rem: list(executor.map(noop, range(n), chunksize=chunk_of(n), timeout=rem)),
            detail=lambda n: " chunksize=%d" % chunk_of(n))

    def shutdown(self):
        if self.executor is not None:
            try:
                self.executor.shutdown(wait=True, cancel_futures=True)
            except Exception as e:
                self.err("executor shutdown: %s: %s" % (type(e).__name__, e))


def main():
    args = parse_args(__doc__)

    import mpi4py  # noqa: F401
    from mpi4py import MPI
    from mpi4py.futures import MPIPoolExecutor  # noqa: F401  (steps() uses it)

    world = MPI.COMM_WORLD.Get_size()
    if world > 1:
        launch = "mpiexec -n %d python3 -m mpi4py.futures" % world
        if world - 1 != WORKERS:
            print("WARNING: %d workers, expected %d (use mpiexec -n %d)"
                  % (world - 1, WORKERS, WORKERS + 1), file=sys.stderr)
    else:
        launch = "spawn (MPI.Comm_spawn, max_workers=%d)" % WORKERS

    run = MpiRun(args, launch)
    res = run.result
    if world > 1 and world - 1 != WORKERS:
        res["workers"] = world - 1
        run.err("pool has %d workers, expected %d (use mpiexec -n %d)"
                % (world - 1, WORKERS, WORKERS + 1))
    sizes, push_mb = run.parse_lists()

    run.start_watchdog()
    run.execute(lambda: run.steps(sizes, push_mb), run.shutdown)
    run.log("JSON printed; exiting")
    return 0


if __name__ == "__main__":
    main()
