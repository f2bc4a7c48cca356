"""Code shared by the Python peer benchmarks dask_peer.py and mpi4py_peer.py.

Both scripts import this module from their own directory (they put it at the
front of sys.path first, so that this works however they are started, also
as ``python3 -m mpi4py.futures path/to/mpi4py_peer.py`` and in the worker
processes that re-run the script).  It holds what the two have in common:
the command line, the stdout redirection, the result dictionary with its
deadlines, logging, the watchdog, the JSON output and the measuring loops
for apply, push and map.  What a step actually does on the pool is passed in
by the scripts as small functions.
"""

import argparse
import json
import os
import sys
import threading
import time

WORKERS = 2

# the real stdout, kept by redirect_stdout() for the single JSON line
_REAL_STDOUT_FD = None


def redirect_stdout():
    """Keep stdout clean for the single JSON line: remember the real stdout
    and send fd 1 (inherited by worker processes too) to stderr."""
    global _REAL_STDOUT_FD
    _REAL_STDOUT_FD = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def parse_args(doc):
    """The command line shared by both peers; ``doc`` is the script's
    docstring (its first line is the description)."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="comma-separated item counts for map ('' skips map)")
    ap.add_argument("--push-mb", default="1,10,100",
                    help="comma-separated array sizes in MB = 1e6 bytes ('' skips push)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--apply-repeats", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="bound on the whole run in seconds")
    ap.add_argument("--stall-s", type=float, default=0.0, help=argparse.SUPPRESS)
    return ap.parse_args()


def parse_list(text, conv):
    text = (text or "").strip()
    if not text:
        return []
    return [conv(p) for p in text.split(",") if p.strip()]


def num_key(v):
    return str(int(v)) if float(v).is_integer() else str(v)


def within(rem, label, number, fn, *args):
    """Return ``fn(*args)``; a timeout exception (any exception type whose
    name contains "Timeout") becomes a RuntimeError that says "<label>
    <number>" did not finish within the ``rem`` seconds left."""
    try:
        return fn(*args)
    except Exception as e:
        if "Timeout" in type(e).__name__:
            raise RuntimeError("%s %d not finished within the %.1fs left of --timeout"
                               % (label, number, rem))
        raise


class Run:
    """The result of one peer run with its deadlines; a subclass says in
    hard_timeout() what to do when the watchdog fires."""

    def __init__(self, peer, args, t_start, launch, series=None):
        self.peer = peer
        self.args = args
        self.t_start = t_start
        self.launch = launch
        self.result = {
            "peer": peer,
            "version": None,
            "versions": {},
            "workers": WORKERS,
            "launch": launch,
        }
        if series:
            self.result["series"] = dict(series)
        self.result["startup_s"] = None
        self.result["apply_s"] = []
        for key in (series or ("map",)):
            self.result[key] = {}
        self.result.update({
            "push": {},
            "shutdown_s": None,
            "total_s": None,
            "errors": [],
        })
        self.hard_deadline = t_start + args.timeout
        # time kept back from the steps for shutting the pool down
        reserve = min(20.0, max(5.0, 0.1 * args.timeout))
        self.soft_deadline = self.hard_deadline - reserve
        self._emit_lock = threading.Lock()
        self._emitted = False

    # -- bookkeeping ---------------------------------------------------
    def err(self, msg):
        print("ERROR: " + msg, file=sys.stderr, flush=True)
        self.result["errors"].append(msg)

    def log(self, msg):
        print("[%s %7.2fs] %s" % (self.peer, time.monotonic() - self.t_start, msg),
              file=sys.stderr, flush=True)

    def remaining(self):
        return self.soft_deadline - time.monotonic()

    def parse_lists(self):
        """(sizes, push_mb) from the command line; ([], []) after an error."""
        try:
            sizes = parse_list(self.args.sizes, int)
            push_mb = parse_list(self.args.push_mb, float)
        except ValueError as e:
            self.err("bad argument: %s" % e)
            sizes, push_mb = [], []
        return sizes, push_mb

    def emit(self, extra_error=None):
        """Print the JSON line once; False if it was printed already."""
        with self._emit_lock:
            if self._emitted:
                return False
            self._emitted = True
            if extra_error:
                self.err(extra_error)
            self.result["total_s"] = round(time.monotonic() - self.t_start, 3)
            data = (json.dumps(self.result) + "\n").encode()
            os.write(_REAL_STDOUT_FD, data)
            return True

    def start_watchdog(self):
        threading.Thread(target=self.watchdog, name="watchdog", daemon=True).start()

    def watchdog(self):
        delay = self.hard_deadline - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self.hard_timeout()

    def hard_timeout(self):
        raise NotImplementedError

    def execute(self, steps, shutdown):
        """Run ``steps()`` (an exception is recorded in "errors"), then
        ``shutdown()`` (timed as "shutdown_s"), then print the JSON."""
        try:
            steps()
        except Exception as e:
            self.err("%s: %s" % (type(e).__name__, e))
        finally:
            t0 = time.perf_counter()
            shutdown()
            self.result["shutdown_s"] = time.perf_counter() - t0
        self.emit()

    # -- measuring loops -----------------------------------------------
    def measure_apply(self, submit_one):
        """--apply-repeats sequential round trips ``submit_one(i, rem)``, which
        must return i (rem: seconds left before the soft deadline)."""
        res = self.result
        try:
            for i in range(self.args.apply_repeats):
                rem = self.remaining()
                if rem <= 0:
                    self.err("apply: overall timeout reached after %d of %d round trips"
                             % (i, self.args.apply_repeats))
                    break
                t0 = time.perf_counter()
                r = within(rem, "round trip", i + 1, submit_one, i, rem)
                dt = time.perf_counter() - t0
                if r != i:
                    raise RuntimeError("apply returned %r, expected %r" % (r, i))
                res["apply_s"].append(dt)
            if res["apply_s"]:
                s = sorted(res["apply_s"])
                self.log("apply: %d round trips, median %.3f ms"
                         % (len(s), 1e3 * s[len(s) // 2]))
        except Exception as e:
            self.err("apply: %s: %s" % (type(e).__name__, e))

    def measure_push(self, push_mb, rng, push, check, release, recover=None):
        """For each MB in push_mb, --repeats timed ``push(arr, rem, t0)`` of a
        random float64 array of MB * 1e6 bytes; then (untimed)
        ``check(key, rep, arr, pushed)`` with what push returned, which
        records problems with err(), and ``release()``.  After an exception
        the size's series ends, and ``recover()`` runs if given."""
        for mb in push_mb:
            key = num_key(mb)
            times = self.result["push"].setdefault(key, [])
            try:
                nelem = max(1, int(round(mb * 1e6 / 8)))
                arr = rng.random(nelem)  # float64, incompressible
                for rep in range(self.args.repeats):
                    rem = self.remaining()
                    if rem <= 0:
                        self.err("push %s MB: overall timeout reached before repetition %d"
                                 % (key, rep + 1))
                        break
                    t0 = time.perf_counter()
                    pushed = within(rem, "repetition", rep + 1, push, arr, rem, t0)
                    dt = time.perf_counter() - t0
                    check(key, rep, arr, pushed)
                    times.append(dt)
                    release()
                self.log("push %s MB: %s" % (key, ", ".join("%.4f" % t for t in times)))
                del arr
            except Exception as e:
                self.err("push %s MB: %s: %s" % (key, type(e).__name__, e))
                if recover is not None:
                    recover()

    def measure_map(self, series_key, sizes, map_once, cleanup=None, detail=None):
        """For each n in sizes, --repeats timed ``map_once(n, rem)``, which
        must return list(range(n)), into result[series_key]; after each
        repetition (also a failed one) ``cleanup(timed_out)`` runs if given.
        A timeout ends the series and skips the larger sizes; returns False
        then.  ``detail(n)`` is added to the log line of each size."""
        res = self.result
        for idx, n in enumerate(sizes):
            key = str(n)
            times = res[series_key].setdefault(key, [])
            timed_out = False
            for rep in range(self.args.repeats):
                rem = self.remaining()
                if times and times[-1] > rem:
                    self.err("%s n=%d: repetition %d skipped: the previous one took %.1fs, "
                             "only %.1fs of --timeout left"
                             % (series_key, n, rep + 1, times[-1], rem))
                    timed_out = True
                    break
                if rem <= 0:
                    self.err("%s n=%d: overall timeout reached before repetition %d"
                             % (series_key, n, rep + 1))
                    timed_out = True
                    break
                out = None
                try:
                    t0 = time.perf_counter()
                    out = map_once(n, rem)
                    dt = time.perf_counter() - t0
                    if out != list(range(n)):
                        raise RuntimeError("results differ from range(n)")
                    times.append(dt)
                except Exception as e:
                    kind = type(e).__name__
                    if "Timeout" in kind or self.remaining() <= 0:
                        timed_out = True
                        self.err("%s n=%d rep %d: not finished within the %.1fs left of "
                                 "--timeout (%s)" % (series_key, n, rep + 1, rem, kind))
                    else:
                        self.err("%s n=%d rep %d: %s: %s" % (series_key, n, rep + 1, kind, e))
                finally:
                    out = None
                    if cleanup is not None:
                        cleanup(timed_out)
                if timed_out:
                    break
            self.log("%s n=%d%s: %s" % (series_key, n, detail(n) if detail else "",
                                        ", ".join("%.4f" % t for t in times)))
            if timed_out:
                rest = sizes[idx + 1:]
                if rest:
                    self.err("%s: sizes %s skipped (timeout)"
                             % (series_key, ",".join(map(str, rest))))
                return False
        return True
