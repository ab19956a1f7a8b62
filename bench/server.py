"""Start and stop gunicorn on 127.0.0.1 and a free port, and read its workers' memory."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app import PROJECT_ROOT

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def _options() -> list[str]:
    """Return gunicorn options that keep parallel bench servers apart (no shared control socket)."""
    from gunicorn.config import KNOWN_SETTINGS

    options = ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []
    if os.environ.get("BENCH_GUNICORN_CONFIG"):  # e.g. an empty file, to measure without gunicorn.conf.py
        options += ["--config", os.environ["BENCH_GUNICORN_CONFIG"]]
    return options


def free_port() -> int:
    """Return a TCP port nobody listens on at 127.0.0.1 just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn master with `workers` sync workers serving `target` (module:variable)."""

    def __init__(self, target: str, env: dict[str, str], log: Path, workers: int = 2):
        self.target, self.workers, self.log = target, workers, log
        self.port = free_port()
        self.env = {**os.environ, **env, "PYTHONPATH": str(PROJECT_ROOT)}
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def start(self, timeout: float = 60) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [GUNICORN, "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
                 "--log-level", "warning", "--timeout", "60", *_options(), self.target],
                cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log.read_text()[-3000:]}")
            if len(self.worker_pids()) == self.workers and self._answers():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start within {timeout} s; see {self.log}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        """Return the pids of the master's worker processes."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def memory_mb(self, field: str) -> list[float]:
        """Return a /proc status field (VmHWM: peak resident memory, VmRSS: now) of each worker in MiB."""
        values = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    values.append(round(int(line.split()[1]) / 1024, 1))
        return values

    def peak_rss_mb(self) -> list[float]:
        """Return each worker's peak resident memory (VmHWM) in MiB."""
        return self.memory_mb("VmHWM")

    def reset_peak(self) -> bool:
        """Reset each worker's peak resident memory to its present size (Linux clear_refs 5); False if refused."""
        done = True
        for pid in self.worker_pids():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                done = False
        return done

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
