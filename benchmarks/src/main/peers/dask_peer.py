#!/usr/bin/python3
"""Dask.distributed peer benchmark for the poolkit side-by-side benchmarks.

Measures, on a local Dask cluster of 2 single-threaded worker processes, the
same things the Java harness measures on its pools:

  map    for each n in --sizes: wall time of ``client.map(noop, range(n),
         pure=False)`` + ``client.gather(...)`` (one task per item, what a
         typical user writes; results are checked to equal range(n)),
         --repeats times per n after one small warm-up.  Series "dask".
  push   for each MB in --push-mb: wall time of ``client.scatter(array,
         broadcast=True, hash=False)`` + ``distributed.wait`` of a numpy
         float64 array of MB * 1e6 bytes (random data, so transport
         compression cannot shrink it); afterwards it is checked that both
         workers hold a copy, and the future is released (untimed) before the
         next repetition.  One untimed 1 MB push precedes the series (warm-up).
  apply  --apply-repeats sequential round trips of
         ``client.submit(noop, i, pure=False).result()``; every round trip's
         seconds are reported (the harness takes the median).

Cluster: ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
dashboard_address=None)`` + ``Client`` (worker scratch space in a temporary
directory that is removed at the end); "startup_s" is the time to create both
and wait for the 2 workers.  Order of the steps: start-up, warm-up, apply,
push, map (the most expensive step last, so a timeout there loses the least).

Command line (what the Java harness runs; always /usr/bin/python3, another
python3 may be first on PATH):

  /usr/bin/python3 dask_peer.py --sizes 1000,10000,100000 --push-mb 1,10,100 \
      --repeats 3 --apply-repeats 200 --timeout 300

An empty list (``--sizes ""``, ``--push-mb ""``) or ``--apply-repeats 0`` skips
that step.

Output: exactly one JSON object on stdout at the end; everything else (Dask
logging, warnings, progress) goes to stderr -- file descriptor 1 is redirected
to stderr for the whole run, worker processes included.  Failures (exceptions,
timeouts) are recorded as strings in "errors" and the run continues.  --timeout
bounds the whole run: steps stop at a soft deadline (timeout minus a small
reserve for shutdown) with an "errors" entry for what was skipped; a watchdog
at the hard deadline prints the JSON collected so far, kills any child
processes and exits.  The cluster is always closed and any leftover child
process is killed.  Exit code 0 whenever the JSON was printed.
"""

import time

_T_START = time.monotonic()

import os
import shutil
import sys
import tempfile

# The shared code lies next to this script (peer_common.py); look there first,
# however the script was started.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from peer_common import WORKERS, Run, parse_args, redirect_stdout  # noqa: E402

# Keep stdout clean for the single JSON line: fd 1 (inherited by the worker
# processes too) goes to stderr.
redirect_stdout()

PEER = "dask"


def noop(x):
    return x


class DaskRun(Run):
    def __init__(self, args):
        super().__init__(PEER, args, _T_START,
                         "LocalCluster(n_workers=2, threads_per_worker=1, processes=True)")
        # worker scratch space, removed at the end (instead of /tmp/dask-worker-space)
        self.workdir = tempfile.mkdtemp(prefix="dask_peer-")
        self.cluster = self.client = None

    def remove_workdir(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def hard_timeout(self):
        if self.emit("hard timeout: --timeout %gs reached, run aborted; "
                     "child processes killed" % self.args.timeout):
            kill_children()
            self.remove_workdir()
            os._exit(0)

    def steps(self, sizes, push_mb):
        args = self.args
        res = self.result
        import dask
        import distributed
        import numpy as np
        from distributed import Client, LocalCluster, wait

        res["version"] = dask.__version__.split("+")[0]
        res["versions"] = {"dask": dask.__version__,
                           "distributed": distributed.__version__,
                           "numpy": np.__version__,
                           "python": sys.version.split()[0]}

        # -- start-up --------------------------------------------------
        t0 = time.perf_counter()
        self.cluster = LocalCluster(n_workers=WORKERS, threads_per_worker=1,
                                    processes=True, dashboard_address=None,
                                    local_directory=self.workdir)
        client = self.client = Client(self.cluster)
        client.wait_for_workers(WORKERS, timeout=max(1.0, self.remaining()))
        res["startup_s"] = time.perf_counter() - t0
        self.log("cluster up in %.3fs" % res["startup_s"])

        # -- warm-up ---------------------------------------------------
        futs = client.map(noop, range(20), pure=False)
        wait(futs, timeout=max(1.0, self.remaining()))
        assert client.gather(futs) == list(range(20))
        del futs
        wait_scheduler_idle(client)

        if args.stall_s > 0:  # self-test of the watchdog only
            self.log("stalling %.1fs (self-test)" % args.stall_s)
            client.submit(time.sleep, args.stall_s, pure=False).result()

        # -- apply round trips ----------------------------------------
        self.measure_apply(lambda i, rem: client.submit(noop, i, pure=False).result(timeout=rem))
        wait_scheduler_idle(client)

        # -- push (broadcast) -----------------------------------------
        rng = np.random.default_rng(12345)
        if push_mb:
            # untimed warm-up push of 1 MB
            try:
                fut = client.scatter(rng.random(125000), broadcast=True, hash=False,
                                     timeout=max(1.0, self.remaining()))
                wait(fut, timeout=max(1.0, self.remaining()))
                client.cancel(fut)
                del fut
                wait_scheduler_idle(client)
            except Exception as e:
                self.err("push warm-up: %s: %s" % (type(e).__name__, e))
        pushed = {}  # "fut": the future of the current repetition

        def push(arr, rem, t0):
            pushed["fut"] = fut = client.scatter(arr, broadcast=True, hash=False,
                                                 timeout=max(1.0, rem))
            wait(fut, timeout=rem)

        def check(key, rep, arr, _):
            fut = pushed["fut"]
            holders = client.who_has(fut).get(fut.key, ())
            if len(holders) != WORKERS:
                self.err("push %s MB rep %d: array held by %d worker(s), expected %d"
                         % (key, rep + 1, len(holders), WORKERS))

        def release():
            client.cancel(pushed["fut"])
            del pushed["fut"]
            wait_scheduler_idle(client)

        def recover():
            try:
                wait_scheduler_idle(client)
            except Exception:
                pass

        self.measure_push(push_mb, rng, push, check, release, recover)

        # -- map -------------------------------------------------------
        mapped = {}  # "futs": the futures of the current repetition

        def map_once(n, rem):
            mapped["futs"] = futs = client.map(noop, range(n), pure=False)
            wait(futs, timeout=rem)
            return client.gather(futs)

        def map_cleanup(timed_out):
            futs = mapped.pop("futs", None)
            # After a timeout, leave the pending tasks to the shutdown below:
            # cancelling thousands of them can outlast the reserve.
            if futs is not None and not timed_out:
                try:
                    client.cancel(futs)
                except Exception:
                    pass
            futs = None
            try:
                wait_scheduler_idle(client, limit_s=max(1.0, min(30.0, self.remaining())))
            except Exception:
                pass

        self.measure_map("map", sizes, map_once, map_cleanup)

    def shutdown(self):
        for name, obj in (("client", self.client), ("cluster", self.cluster)):
            if obj is None:
                continue
            try:
                left_s = self.hard_deadline - time.monotonic() - 1.0
                obj.close(timeout=max(1.0, left_s / 2))
            except Exception as e:
                self.err("closing %s: %s: %s" % (name, type(e).__name__, e))
        left = kill_children()
        if left:
            self.err("%d child process(es) left after shutdown were killed: %s"
                     % (len(left), "; ".join(left)))
        self.remove_workdir()


def kill_children():
    """Kill every descendant process of this one except multiprocessing's
    resource tracker (which exits by itself with this process); return a
    description of the killed ones."""
    try:
        import psutil
    except ImportError:
        return []
    try:
        kids = psutil.Process().children(recursive=True)
    except Exception:
        return []
    names = []
    for p in list(kids):
        try:
            cmd = " ".join(p.cmdline())
        except Exception:
            cmd = "?"
        if "resource_tracker" in cmd:
            kids.remove(p)
            continue
        names.append("pid %d: %s" % (p.pid, cmd[:120]))
    for p in kids:
        try:
            p.kill()
        except Exception:
            pass
    try:
        psutil.wait_procs(kids, timeout=5)
    except Exception:
        pass
    return names


def wait_scheduler_idle(client, limit_s=10.0):
    """Wait (untimed for the figures) until the scheduler has forgotten all tasks."""
    t_end = time.monotonic() + limit_s
    while time.monotonic() < t_end:
        n = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
        if n == 0:
            return True
        time.sleep(0.02)
    return False


def main():
    args = parse_args(__doc__)
    run = DaskRun(args)
    sizes, push_mb = run.parse_lists()
    run.start_watchdog()
    run.execute(lambda: run.steps(sizes, push_mb), run.shutdown)
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stderr.flush()
    os._exit(rc)
