"""Give memory freed by a page back to the operating system.

A page that redraws its charts and rebuilds its download after every save makes and
drops many short-lived objects. CPython frees them, but glibc keeps the freed heap
pages for reuse, so a kernel that has served 50 saves looks several per cent bigger
than one that served 10 although it holds no more data (issue 15 measures this with
``benchmarks/bench_leaks.py``). After a redraw the page asks the allocator to return
what it no longer uses. On systems without glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any


@cache
def _libc() -> Any | None:
    # malloc_trim exists only in glibc; musl, macOS and Windows have no equivalent.
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def return_freed_memory() -> bool:
    """Hand free heap pages back to the system; True when glibc was asked to trim.

    No ``gc.collect()`` here: a full collection in a page's kernel takes over 100 ms
    and the page's redraw makes no reference cycles worth it; trimming takes well
    under 10 ms.
    """
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
