"""The pages speed is measured on: the outside corpus (../shared/corpus) when present, since
those are pages the project was not built against; else the project's own samples."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import OUT, ROOT, digitize

CORPUS = ROOT.parent / "shared" / "corpus"


def make_corpus(out: Path, seed: int | str, dossiers: int | str) -> str:
    """The outside generator's corpus (scans, truth, pages) into `out`; its output if it failed."""
    done = subprocess.run([sys.executable, str(CORPUS / "make_corpus.py"), "--out", str(out), "--seed", str(seed),
                           "--dossiers", str(dossiers), "--quiet"], capture_output=True, text=True)
    return done.stdout + done.stderr if done.returncode else ""


def scans(name: str, dossiers: int, seed: int = 11) -> tuple[Path, str]:
    """(scans root, what it is) under bench/out/<name>, made afresh unless KEEP=1 finds it."""
    base = OUT / name
    root = base / "scans"
    outside = (CORPUS / "make_corpus.py").exists()
    what = (f"outside corpus, seed {seed}, {dossiers} dossiers" if outside
            else f"own samples, seed {seed}, {dossiers} dossiers")
    marker = base / "made.txt"
    if os.environ.get("KEEP") and marker.exists() and marker.read_text() == what:
        return root, what
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    if outside:
        failed = make_corpus(base / "corpus", seed, dossiers)
        if failed:
            raise SystemExit(failed)
        (base / "corpus" / "scans").rename(root)
    else:
        rc, _, log = digitize("samples", str(root), "--count", str(dossiers), "--seed", str(seed))
        if rc:
            raise SystemExit(log)
    marker.write_text(what)
    return root, what
