"""Read many activity files at once: here, or in worker processes in batches, in order.

A worker process costs about a third of a second of CPU to start (Python and the
file readers' imports), and every hand-over between processes has its own cost, so:

- the first :data:`SERIAL_FIRST` files are read in this process as they come; a
  handful of files (a page upload, one watch sync) never starts a process;
- after that, files go to the workers in batches of up to :data:`BATCH_FILES` files or
  :data:`BATCH_BYTES` bytes, so there are few hand-overs, and each answer is small
  (the figures of a run, or a sentence);
- at most two batches per worker wait at any time, so memory stays bounded however
  big the export;
- answers are handed on in the order the files came, with answers known without
  reading (:meth:`OrderedPool.ready`: a duplicate, a ride) in their place among them,
  so the result is the same as reading everything here (a unit test compares them).

Workers are started with ``spawn``, not ``fork``: a fork of a process with threads
(a Jupyter kernel) can hang.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Generic, Self, TypeVar

#: Files read here before worker processes are worth starting.
SERIAL_FIRST = 16
#: Most files, and most bytes, sent to a worker at once.
BATCH_FILES = 8
BATCH_BYTES = 8_000_000

Job = TypeVar("Job")
Answer = TypeVar("Answer")


@dataclass(frozen=True)
class _Ready(Generic[Answer]):
    """An answer known without reading, waiting for its turn."""

    answer: Answer


#: A batch's place in line: its workers' answers, and each slot's answer (None: the
#: next answer from the batch's files).
_Entry = tuple["Future[list[Answer]] | None", "list[_Ready[Answer] | None]"]


class OrderedPool(Generic[Job, Answer]):
    """Runs ``work`` over batches of jobs and hands each answer to ``done``, in job order.

    ``work`` must be a module-level function (it is sent to the workers by name).
    ``workers`` <= 1 reads everything here, one job at a time.
    """

    def __init__(
        self,
        work: Callable[[Sequence[Job]], list[Answer]],
        done: Callable[[Answer], None],
        *,
        workers: int,
    ) -> None:
        self.work, self.done, self.workers = work, done, workers
        self.serial_left = SERIAL_FIRST if workers > 1 else -1
        self.batch: list[Job] = []
        self.slots: list[_Ready[Answer] | None] = []
        self.batch_bytes = 0
        self.waiting: deque[_Entry[Answer]] = deque()
        self.executor: ProcessPoolExecutor | None = None  # started when worth it

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)

    def add(self, job: Job, size: int) -> None:
        """Read one job (``size``: its bytes), here now or later in a worker."""
        if self.workers <= 1 or self.serial_left > 0:
            self.serial_left -= 1
            for answer in self.work([job]):
                self.done(answer)
            return
        self.batch.append(job)
        self.slots.append(None)
        self.batch_bytes += size
        if len(self.batch) >= BATCH_FILES or self.batch_bytes >= BATCH_BYTES:
            self._send()

    def ready(self, answer: Answer) -> None:
        """Hand on an answer known without reading, after those of the jobs before it."""
        if self.waiting or self.slots:
            self.slots.append(_Ready(answer))
        else:
            self.done(answer)

    def finish(self) -> None:
        """Read what is still waiting and hand on every answer."""
        if self.slots:
            self._send()
        self._settle(0)

    def _send(self) -> None:
        batch, slots = self.batch, self.slots
        self.batch, self.slots, self.batch_bytes = [], [], 0
        job: Future[list[Answer]] | None = None
        if batch:
            if self.executor is None:
                self.executor = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
            job = self.executor.submit(self.work, batch)
        self.waiting.append((job, slots))
        self._settle(2 * self.workers)

    def _settle(self, keep: int) -> None:
        """Hand on finished batches, oldest first, until at most ``keep`` are waiting."""
        while len(self.waiting) > keep:
            job, slots = self.waiting.popleft()
            answers = iter(job.result() if job is not None else ())
            for slot in slots:
                self.done(next(answers) if slot is None else slot.answer)
