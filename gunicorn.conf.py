"""gunicorn settings read from the project folder (`make serve-prod`, the bench): worker memory.

Command-line options (bind, workers) stay in scripts/serve_prod.sh; this file only adds hooks.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
from typing import Any

#: Responses whose rendering leaves large reference cycles behind (python-docx packages and their
#: lxml trees): collected right after the response instead of whenever a full collection comes.
DOCUMENT_TYPES = ("application/vnd.openxmlformats", "application/pdf")


def post_worker_init(worker: Any) -> None:
    """Freeze the objects loaded at start, so later full collections only scan what requests create."""
    gc.collect()
    gc.freeze()


def post_request(worker: Any, req: Any, environ: dict[str, Any], resp: Any) -> None:
    """Free an export's document trees now: they sit in reference cycles that would otherwise keep
    tens of megabytes per worker until the next full collection."""
    content_type = next((value for name, value in getattr(resp, "headers", []) if name.lower() == "content-type"),
                        "")
    if content_type.startswith(DOCUMENT_TYPES):
        gc.collect()
        release_freed_memory()


def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


LIBC = _libc()


def release_freed_memory() -> None:
    """Hand the heap pages the collection freed back to the system (glibc keeps them otherwise, and the
    worker's resident memory stays at its highest); a no-op where the C library has no malloc_trim."""
    trim = getattr(LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)
