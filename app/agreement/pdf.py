"""PDF previews of the Word agreement through LibreOffice headless, safe under concurrency.

Every conversion runs in its own temporary directory with its own LibreOffice profile
(a shared profile silently loses conversions), with `--headless --norestore`, under a
timeout that kills the whole process group, and counts as failed unless the PDF exists.
Conversions run in a small worker pool so a web request never starts more LibreOffice
processes than there are cores. The PDF is a preview: LibreOffice is not Word.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .i18n import gettext_for

MAX_WORKERS = max(1, min(4, os.cpu_count() or 1))
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why, for the user."""


def soffice_path() -> str | None:
    """Return the LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    """Return whether LibreOffice is installed, so a PDF can be offered."""
    return soffice_path() is not None


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()  # reap the process and close its pipes


def convert_docx_to_pdf(docx_bytes: bytes, timeout: float = 60, lang: str = "sv") -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice, raising PdfError on any failure."""
    _ = gettext_for(lang)
    program = soffice_path()
    if program is None:
        raise PdfError(_("PDF kan inte skapas: LibreOffice är inte installerat."))
    with _SLOTS, tempfile.TemporaryDirectory(prefix="samverkan-pdf-") as work:
        workdir = Path(work)
        source = workdir / "avtal.docx"
        source.write_bytes(docx_bytes)
        profile = workdir / f"lo-{uuid.uuid4().hex}"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf", "--outdir", str(workdir), str(source)]
        env = {**os.environ, "HOME": str(workdir)}
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work, env=env,
                                   start_new_session=True)
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise PdfError(_("PDF kunde inte skapas: LibreOffice svarade inte inom %(seconds)s sekunder.",
                             seconds=int(timeout))) from None
        target = workdir / "avtal.pdf"
        if process.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            detail = err.decode("utf-8", "replace").strip()[-300:] or str(process.returncode)
            raise PdfError(_("PDF kunde inte skapas (%(detail)s).", detail=detail))
        return target.read_bytes()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="pdf")
        return _POOL


def submit_conversion(docx_bytes: bytes, timeout: float = 60, lang: str = "sv") -> Future[bytes]:
    """Start a conversion in the worker pool and return its Future (the caller never blocks others)."""
    return _pool().submit(convert_docx_to_pdf, docx_bytes, timeout, lang)


def convert_in_worker(docx_bytes: bytes, timeout: float = 60, lang: str = "sv") -> bytes:
    """Convert in the worker pool and wait for the result, at most the timeout plus a margin."""
    return submit_conversion(docx_bytes, timeout, lang).result(timeout=timeout + 30)
