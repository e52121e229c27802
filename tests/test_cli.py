"""The command line as cron and clerks meet it: exit codes, messages, bad files beside good ones."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys

import pytest
from PIL import Image

from .conftest import digitize, read_jsonl

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"


def _copy_store(corpus, tmp_path):
    """The corpus's scans and store, copied: a run over them finds every dossier stored."""
    scans, db = tmp_path / "scans", tmp_path / "d.db"
    shutil.copytree(corpus["scans"], scans)  # copy2: sizes and mtimes kept, inodes new
    digitize("export", "--out", str(tmp_path / "warm.jsonl"), "--db", str(corpus["db"]), check=True)
    shutil.copy(corpus["db"], db)
    return scans, db


def test_quiet_cron_runs_log_one_line_each_and_nothing_per_unchanged_dossier(corpus, tmp_path):
    scans, db = _copy_store(corpus, tmp_path)
    for _ in range(2):
        p = digitize("run", str(scans), "--db", str(db), "--quiet")
        assert p.returncode == 0, p.stdout + p.stderr
        assert p.stderr == ""  # nothing read, nothing failed: no line per dossier
        lines = p.stdout.splitlines()
        assert len(lines) == 1, p.stdout
        assert re.fullmatch(STAMP + r" run \d+: 5 dossiers \(0 read, 5 unchanged\), 0 documents, 0 pages, .*", lines[0])
        assert not set("┏┃│─━") & set(p.stdout)


def test_unchanged_files_are_not_hashed_again_unless_rehash(corpus, tmp_path):
    scans, db = _copy_store(corpus, tmp_path)
    assert "(0 read, 5 unchanged)" in digitize("run", str(scans), "--db", str(db), "--quiet").stdout
    victim = sorted(p for p in scans.rglob("*.*") if p.is_file() and p.name != "truth.jsonl")[0]
    st = victim.stat()
    with victim.open("r+b") as fh:  # one byte changed in place: same size, same inode
        fh.seek(st.st_size - 1)
        last = fh.read(1)
        fh.seek(st.st_size - 1)
        fh.write(bytes([last[0] ^ 0xFF]))
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert victim.stat().st_ino == st.st_ino and victim.stat().st_size == st.st_size
    p = digitize("run", str(scans), "--db", str(db), "--quiet")
    assert "(0 read, 5 unchanged)" in p.stdout, p.stdout  # size, mtime and inode as stored: not read
    p = digitize("run", str(scans), "--db", str(db), "--quiet", "--rehash")
    assert "(1 read, 4 unchanged)" in p.stdout, p.stdout + p.stderr


def test_a_file_of_blank_pages_is_recorded_shown_and_exported(tmp_path):
    scans = tmp_path / "scans"
    scans.mkdir()
    blank = [Image.new("L", (1240, 1754), 255) for _ in range(3)]
    blank[0].save(scans / "blank.pdf", save_all=True, append_images=blank[1:], resolution=150)
    db = tmp_path / "d.db"
    p = digitize("run", str(scans), "--db", str(db), "--quiet")
    assert p.returncode == 1, p.stdout + p.stderr
    assert "failed blank.pdf: every page of this file is blank" in p.stdout
    assert "1 failures" in p.stdout
    digitize("export", "--out", str(tmp_path / "r.jsonl"), "--db", str(db), check=True)
    (rec,) = read_jsonl(tmp_path / "r.jsonl")
    assert rec["status"] == "failed" and "every page of this file is blank" in rec["error"]
    assert [pg["page"] for pg in rec["pages"]] == [1, 2, 3]


def test_csv_export_starts_with_a_byte_order_mark_for_excel(corpus, tmp_path):
    digitize("export", "--format", "csv", "--out", str(tmp_path / "r.csv"), "--db", str(corpus["db"]), check=True)
    data = (tmp_path / "r.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Việt Nam".encode() in data


def test_status_piped_to_a_file_keeps_dates_whole(corpus, tmp_path):
    with (tmp_path / "status.txt").open("w") as fh:
        p = subprocess_status(corpus["db"], fh)
    text = (tmp_path / "status.txt").read_text()
    assert p == 0 and re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", text) and "…" not in text, text


def subprocess_status(db, fh) -> int:
    import subprocess

    from .conftest import ROOT
    return subprocess.run([sys.executable, "-m", "digitize", "status", "--db", str(db)], stdout=fh,
                          cwd=ROOT, env={k: v for k, v in os.environ.items() if k != "COLUMNS"}).returncode


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
