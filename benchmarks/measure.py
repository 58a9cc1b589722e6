"""Running one command of a benchmark and measuring it: wall time, CPU time and peak memory (the
last two where the platform reports them, os.wait4). Shared by the benchmark scripts."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Measured:
    wall: float  # seconds
    cpu: float  # seconds of user + system time, nan where unknown
    peak_mib: float  # peak resident memory, nan where unknown


def measure(cmd: list[str], env: dict) -> Measured:
    """Run cmd to its end; a failing command stops the benchmark with its output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        cpu = peak = float("nan")
        if hasattr(os, "wait4"):
            _pid, status, usage = os.wait4(proc.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code  # already reaped
            cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
        else:
            code = proc.wait()
        took = time.perf_counter() - started
        if code != 0:
            out.seek(0)
            err.seek(0)
            sys.stderr.write(f"failed ({code}): {' '.join(cmd)}\n{err.read().decode('utf-8', 'replace')}\n"
                             f"{out.read().decode('utf-8', 'replace')}\n")
            raise SystemExit(1)
    return Measured(took, cpu, peak)
