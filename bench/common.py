"""Shared bench helpers: run the real CLI, read JSON lines."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def digitize(*args: str) -> tuple[int, float, str]:
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "digitize", *args], capture_output=True, text=True, cwd=ROOT)
    return p.returncode, time.perf_counter() - t0, p.stdout + p.stderr


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
