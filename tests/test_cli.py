"""The command line as cron and clerks meet it: exit codes, messages, bad files beside good ones."""
from __future__ import annotations

import os
import shutil
import sqlite3
import sys

from .conftest import digitize, read_jsonl


def test_missing_scans_root_is_an_environment_error(tmp_path):
    p = digitize("run", str(tmp_path / "nowhere"), "--db", str(tmp_path / "d.db"))
    assert p.returncode == 3
    assert "does not exist" in p.stderr
    assert "Traceback" not in p.stderr


def test_missing_tesseract_says_what_to_install(tmp_path):
    (tmp_path / "scans").mkdir()
    # a PATH with python but without tesseract
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python3")
    for tool in ("pdfinfo", "pdftoppm"):
        if shutil.which(tool):
            os.symlink(shutil.which(tool), bindir / tool)
    p = digitize("run", str(tmp_path / "scans"), "--db", str(tmp_path / "d.db"), env={"PATH": str(bindir)})
    assert p.returncode == 3, p.stderr
    assert "tesseract" in p.stderr and "apt-get install" in p.stderr
    assert "Traceback" not in p.stderr


def test_missing_language_model_is_named(tmp_path):
    (tmp_path / "scans").mkdir()
    p = digitize("run", str(tmp_path / "scans"), "--db", str(tmp_path / "d.db"), env={"DIGITIZE_LANG": "xyz"})
    assert p.returncode == 3
    assert "'xyz'" in p.stderr and "tesseract-ocr-xyz" in p.stderr


def test_usage_error_exits_2(tmp_path):
    assert digitize("run").returncode == 2
    assert digitize("export", "--format", "xml", "--out", str(tmp_path / "x")).returncode == 2


def test_help_shows_an_example():
    for cmd in ("run", "export", "status", "show", "samples"):
        p = digitize(cmd, "--help")
        assert p.returncode == 0 and "Example" in p.stdout, cmd


def test_a_bad_file_fails_alone_and_the_batch_goes_on(tmp_path, corpus):
    scans = tmp_path / "scans"
    good = sorted(p for p in corpus["scans"].iterdir() if p.is_dir())[0]
    shutil.copytree(good, scans / good.name)
    (scans / "broken").mkdir()
    (scans / "broken" / "scan.pdf").write_bytes(b"%PDF-1.4\n garbage that is no PDF")
    (scans / "broken" / "empty.jpg").write_bytes(b"")
    db = tmp_path / "d.db"
    p = digitize("run", str(scans), "--db", str(db), "--quiet")
    assert p.returncode == 1, p.stdout + p.stderr
    assert "broken/scan.pdf" in p.stdout and "broken/empty.jpg" in p.stdout
    out = tmp_path / "r.jsonl"
    digitize("export", "--out", str(out), "--db", str(db), check=True)
    records = read_jsonl(out)
    failed = [r for r in records if r["status"] == "failed"]
    assert {r["pages"][0]["file"] for r in failed} == {"broken/scan.pdf", "broken/empty.jpg"}
    assert all(r["error"] for r in failed)
    assert any(r["dossier"] == good.name and r["status"] != "failed" for r in records)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT rel, sha256, error FROM files WHERE error IS NOT NULL").fetchall()
    assert len(rows) == 2 and all(len(r[1]) == 64 for r in rows)
