"""Shared fixtures: one generated corpus read once by the real CLI with the real engine."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def digitize(*args: str, env: dict | None = None, check: bool = False, timeout: int = 600,
             cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, as a clerk or cron would."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "digitize", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=cwd or ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"digitize {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """Sample dossiers (both shapes, with scan defects), read by `digitize run`, exported."""
    base = tmp_path_factory.mktemp("corpus")
    scans, db = base / "scans", base / "digitize.db"
    digitize("samples", str(scans), "--count", "5", "--seed", "11", "--truth", str(base / "truth.jsonl"), check=True)
    first = digitize("run", str(scans), "--db", str(db), "--jobs", "2", "--quiet")
    assert first.returncode == 0, first.stdout + first.stderr
    digitize("export", "--format", "jsonl", "--out", str(base / "records.jsonl"), "--db", str(db), check=True)
    return {"base": base, "scans": scans, "db": db, "first": first,
            "truth": read_jsonl(base / "truth.jsonl"), "records": read_jsonl(base / "records.jsonl")}


@pytest.fixture(scope="session")
def review_corpus(tmp_path_factory):
    """Two small dossiers read by `digitize run`, for the QA review tests (review, serve, audit)."""
    from .review_corpus import build

    return build(tmp_path_factory.mktemp("review"))
