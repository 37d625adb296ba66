"""Run jobs in dependency order, independent ones at the same time, with a bounded number in flight.

Generic on purpose (ids and callables, no SDK): the executor hands it the plan's
`depends_on` graph. A job starts once all its dependencies have finished and been
accepted; jobs become ready in plan order, so with one worker the run is exactly
the plan order. When `finish` says stop, nothing new starts, but every job already
running is waited for and finished: a call in flight is never abandoned unrecorded.
Jobs in `last` (the irreversible ones) start only once every other job has
finished and nothing has stopped the run, whatever their own dependencies say.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Callable, Collection, Mapping, Sequence


def run_graph(ids: Sequence[str], depends_on: Mapping[str, Sequence[str]],
              prepare: Callable[[str], Callable[[], object]], finish: Callable[[str, Future], bool],
              max_workers: int, last: Collection[str] = ()) -> list[str]:
    """Run every id whose dependencies succeeded; returns the ids that never started.

    `prepare(id)` runs in the caller's thread just before the job starts and returns the work for a
    worker thread; `finish(id, future)` runs in the caller's thread as each job ends and returns False
    to stop scheduling. A KeyboardInterrupt stops scheduling too, waits for running jobs, then propagates.
    """
    if max_workers < 1:
        raise ValueError("max_workers must be at least 1")
    pending = list(ids)
    succeeded: set[str] = set()
    running: dict[Future, str] = {}
    stopped = False
    with ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="apply") as pool:
        try:
            while True:
                while not stopped and len(running) < max_workers:
                    others_busy = any(j not in last for j in pending) or any(j not in last for j in running.values())
                    ready = next((i for i in pending if set(depends_on.get(i, ())) <= succeeded
                                  and not (i in last and others_busy)), None)
                    if ready is None:
                        break
                    pending.remove(ready)
                    running[pool.submit(prepare(ready))] = ready
                if not running:
                    return pending
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: ids.index(running[f])):
                    job = running.pop(future)
                    if not finish(job, future):
                        stopped = True
                    elif future.exception() is None:
                        succeeded.add(job)  # a failure finish accepts (an optional step) unlocks nothing
        except BaseException:
            stopped = True
            for future, job in list(running.items()):
                future.exception()  # wait: the call in flight ends and is recorded
                finish(job, future)
            raise
