"""Hostile and broken input, links out of the root, limits, environment faults, personal data.

Every bad file is made here, from a real generated page; every run is the real CLI in a
subprocess with the real Tesseract, poppler and SQLite.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pytest
from PIL import Image, TiffImagePlugin
from rapidfuzz import fuzz

from digitize import imaging, sources
from digitize.config import Settings
from digitize.models import PageTask

from .conftest import digitize, read_jsonl

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them

PERSONAL_ID = "001204012345"
MASKED_ID = "001*******45"
NFC_NAME = unicodedata.normalize("NFC", "Giấy khai sinh.png")
NFD_NAME = unicodedata.normalize("NFD", "Giấy khai sinh.png")


# --- making the files --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Image.Image:
    """The top of a generated page (motto and title: enough to classify, quick to read), 8-bit gray."""
    base = tmp_path_factory.mktemp("page")
    digitize("samples", str(base), "--count", "2", "--seed", "5", "--no-defects", check=True)
    first = next(p for p in sorted(base.rglob("*")) if p.suffix in (".pdf", ".png", ".jpg", ".tif"))
    data = first.read_bytes()
    if first.suffix == ".pdf":
        data = subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-gray", str(first)],
                              capture_output=True, check=True).stdout
    with Image.open(io.BytesIO(data)) as im:
        return im.convert("L").crop((0, 0, im.width, im.height // 3))


def _png_bomb(path: Path, side: int = 60000) -> None:
    """A PNG whose header claims side x side pixels; a real bomb's IDAT would be gigabytes of zeros."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
                     + chunk(b"IEND", b""))


def _tiff_bomb(path: Path, side: int = 60000) -> None:
    """A little-endian TIFF with one IFD claiming side x side 8-bit gray pixels in one strip."""
    short = lambda tag, v: struct.pack("<HHIHH", tag, 3, 1, v, 0)  # noqa: E731
    long_ = lambda tag, v: struct.pack("<HHII", tag, 4, 1, v)  # noqa: E731
    entries = [long_(256, side), long_(257, side), short(258, 8), short(259, 1), short(262, 1),
               long_(273, 8), long_(278, side), long_(279, side * side)]
    path.write_bytes(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries)) + b"".join(entries)
                     + struct.pack("<I", 0))


def _pdf_of(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(300, 300))
    return img2pdf.convert(buf.getvalue())


def _blank_pdf(path: Path, pages: int = 1, box: int | None = None, password: str | None = None) -> None:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    if box:  # pikepdf refuses sizes past the spec's 14400 units; a hostile file does not ask
        pdf.pages[0].MediaBox = pikepdf.Array([0, 0, box, box])
    pdf.save(path, encryption=pikepdf.Encryption(user=password, owner=password + "-owner") if password else False)


def _mixed_tiff(path: Path, img: Image.Image) -> None:
    """Three pages of one TIFF, each compressed its own way."""
    with TiffImagePlugin.AppendingTiffWriter(str(path), new=True) as tf:
        for i, compression in enumerate(("tiff_lzw", "jpeg", "packbits")):
            if i:
                tf.newFrame()
            img.save(tf, format="TIFF", compression=compression, dpi=(300, 300))


def _sixteen_bit(img: Image.Image) -> Image.Image:
    return Image.fromarray(np.asarray(img).astype(np.uint16) * 257)


def make_batch(root: Path, outside: Path, img: Image.Image) -> dict[str, str]:
    """Good, odd and hostile files under root; returns rel -> the words its error must hold."""
    def put(rel: str, data: bytes) -> Path:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        return p

    png = io.BytesIO()
    img.save(png, format="PNG", dpi=(300, 300))
    jpeg = io.BytesIO()
    img.save(jpeg, format="JPEG", quality=92, dpi=(300, 300))
    cmyk = io.BytesIO()
    img.convert("CMYK").save(cmyk, format="JPEG", quality=92, dpi=(300, 300))
    pdf = _pdf_of(img)
    # good, in every shape and name
    put("good/page 1.png", png.getvalue())
    put(f"names/{NFC_NAME}", png.getvalue())
    put(f"names/{NFD_NAME}", png.getvalue())
    put("names/-scan.pdf", pdf)
    put("-scan.pdf", pdf)  # a dossier of its own, read with the root given as '.'
    put("formats/cmyk.jpg", cmyk.getvalue())
    _sixteen_bit(img).save(root / "formats/gray16.png", dpi=(300, 300))
    _sixteen_bit(img).save(root / "formats/gray16.tif", dpi=(300, 300), compression="tiff_lzw")
    _mixed_tiff(root / "formats/mixed.tif", img)
    put("twin/photo.pdf", jpeg.getvalue())  # a JPEG named .pdf
    # broken and hostile
    put("bad/empty.pdf", b"")
    put("bad/garbage.pdf", f"%PDF-1.4\n{PERSONAL_ID} NGUYEN VAN A not a pdf".encode())
    put("bad/truncated.pdf", pdf[: len(pdf) // 3])
    _blank_pdf(root / "bad/encrypted.pdf", password="secret")
    put("bad/notes.png", f"ghi chu {PERSONAL_ID}\n".encode())
    _png_bomb(root / "bad/bomb.png")
    _tiff_bomb(root / "bad/bomb.tif")
    _blank_pdf(root / "bad/huge-page.pdf", box=20000)
    _blank_pdf(root / "bad/many-pages.pdf", pages=4)  # DIGITIZE_MAX_PAGES=3
    put(os.fsdecode(b"bad/scan\xff.png"), png.getvalue())
    os.mkfifo(root / ".fifo")
    os.symlink(root / ".fifo", root / "bad/fifo.png")
    put("twin.tif", b"II*\x00 the same dossier id as the folder twin/")
    # links: out of the root (file, folder at the root, folder inside a dossier), and one inside
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.png").write_bytes(png.getvalue())
    (outside / "dir/secret.png").write_bytes(png.getvalue())
    (root / "links").mkdir()
    os.symlink(outside / "secret.png", root / "links/out.png")
    os.symlink(outside / "dir", root / "links/sub")
    os.symlink(outside / "dir", root / "linked-dir")
    os.symlink(root / "good/page 1.png", root / "links/in.png")
    return {
        "bad/empty.pdf": "empty",
        "bad/garbage.pdf": "damaged PDF",
        "bad/truncated.pdf": "damaged PDF",
        "bad/encrypted.pdf": "encrypted",
        "bad/notes.png": "content not recognised",
        "bad/bomb.png": "refused before decoding",
        "bad/bomb.tif": "refused before decoding",
        "bad/huge-page.pdf": "max_pixels",
        "bad/many-pages.pdf": "max_pages",
        "bad/scan\\xff.png": "not valid UTF-8",
        "bad/fifo.png": "not a regular file",
        "twin.tif": "another dossier has the id 'twin'",
        "links/out.png": "outside the scans root",
        "links/sub": "outside the scans root",
        "linked-dir": "outside the scans root",
    }


GOOD_PAGES = {("good/page 1.png", 1), (f"names/{NFC_NAME}", 1), (f"names/{NFD_NAME}", 1), ("names/-scan.pdf", 1),
              ("-scan.pdf", 1), ("formats/cmyk.jpg", 1), ("formats/gray16.png", 1), ("formats/gray16.tif", 1),
              ("formats/mixed.tif", 1), ("formats/mixed.tif", 2), ("formats/mixed.tif", 3), ("twin/photo.pdf", 1),
              ("links/in.png", 1)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory, page):
    """The whole batch read once by `digitize run .` from inside the root, then exported."""
    base = tmp_path_factory.mktemp("batch")
    root, db = base / "scans", base / "d.db"
    root.mkdir()
    expected = make_batch(root, base / "outside", page)
    run = digitize("run", ".", "--db", str(db), "--jobs", "2", "--quiet", cwd=root, env={"DIGITIZE_MAX_PAGES": "3"})
    digitize("export", "--out", str(base / "r.jsonl"), "--db", str(db), check=True)
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return {"run": run, "expected": expected, "con": con, "records": read_jsonl(base / "r.jsonl"), "base": base}


# --- bad files ---------------------------------------------------------------------------------

def test_every_bad_file_fails_alone_and_the_batch_goes_on(batch):
    run = batch["run"]
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    files = {r["rel"]: dict(r) for r in batch["con"].execute("SELECT * FROM files")}
    failed = {r["pages"][0]["file"]: r for r in batch["records"] if r["status"] == "failed"}
    for rel, words in batch["expected"].items():
        assert rel in files, rel
        assert words in (files[rel]["error"] or ""), (rel, files[rel]["error"])
        assert f"failed {rel}: " in run.stdout, rel  # in the summary
        assert words in failed[rel]["error"], rel  # exported as a failed record
    assert set(failed) == set(batch["expected"])
    # a file that was read has its hash recorded; links out of the root were never opened
    for rel in ("bad/garbage.pdf", "bad/encrypted.pdf", "bad/bomb.png", "bad/notes.png"):
        assert len(files[rel]["sha256"]) == 64, rel


def test_good_files_in_any_shape_or_name_are_read_correctly(batch):
    pages = {(r["file_rel"], r["page"]): dict(r) for r in batch["con"].execute("SELECT * FROM pages")}
    assert set(pages) == GOOD_PAGES  # and nothing from outside the root
    reference = pages[("good/page 1.png", 1)]["text"]
    assert len(reference) > 40
    for key, p in pages.items():
        assert p["error"] is None, (key, p["error"])
        # the same ink whatever the container: CMYK, 16 bits, a TIFF page's compression, a PDF
        assert fuzz.ratio(p["text"], reference) > 85, (key, p["text"])
    kinds = dict(batch["con"].execute("SELECT rel, kind FROM files"))
    assert kinds["twin/photo.pdf"] == "jpeg"  # by content, not name
    assert kinds["formats/mixed.tif"] == "tiff"
    dossiers = {r[0] for r in batch["con"].execute("SELECT id FROM dossiers")}
    assert {"-scan", "names", "formats", "twin", "linked-dir"} <= dossiers


@pytest.mark.parametrize("name,make", [
    ("cmyk.jpg", lambda img, p: img.convert("CMYK").save(p, quality=95)),
    ("gray16.png", lambda img, p: _sixteen_bit(img).save(p)),
    ("gray16.tif", lambda img, p: _sixteen_bit(img).save(p, compression="tiff_lzw")),
    ("rgb.png", lambda img, p: img.convert("RGBA").save(p)),
])
def test_unusual_image_modes_render_as_the_same_gray(tmp_path, page, name, make):
    path = tmp_path / name
    make(page, path)
    kind = sources.sniff(path)
    gray = imaging.ink_gray(sources.render(PageTask("d", name, str(path), kind, 1), Settings())[0])
    assert gray.dtype == np.uint8 and gray.shape == np.asarray(page).shape
    assert np.abs(gray.astype(int) - np.asarray(page).astype(int)).mean() < 3


def test_a_tiff_page_past_the_pixel_limit_is_refused_even_after_the_count(tmp_path, page):
    """render() checks again: the file may have been swapped since inspect() counted it."""
    path = tmp_path / "b.tif"
    _tiff_bomb(path)
    with pytest.raises(sources.FileError, match="refused before decoding"):
        sources.render(PageTask("d", "b.tif", str(path), "tiff", 1), Settings())


def test_a_second_run_over_the_batch_adds_nothing(batch):
    root = batch["base"] / "scans"
    db = batch["base"] / "d.db"
    before = batch["con"].execute("SELECT count(*) FROM pages").fetchone()[0]
    again = digitize("run", ".", "--db", str(db), "--quiet", cwd=root, env={"DIGITIZE_MAX_PAGES": "3"})
    assert again.returncode == 0, again.stdout + again.stderr  # nothing read, so nothing failed now
    assert "nothing new" in again.stdout
    assert batch["con"].execute("SELECT count(*) FROM pages").fetchone()[0] == before


# --- personal data -------------------------------------------------------------------------------

def test_no_personal_data_in_errors(batch):
    everything = batch["run"].stdout + batch["run"].stderr + json.dumps(batch["records"], ensure_ascii=False)
    everything += " ".join(r[0] or "" for r in batch["con"].execute("SELECT error FROM files"))
    assert PERSONAL_ID not in everything and "NGUYEN" not in everything


def test_ids_are_masked_in_run_output_unless_asked(tmp_path, page):
    """A dossier named after a person's id: log lines, failures and summary show it masked."""
    scans = tmp_path / "scans"
    (scans / PERSONAL_ID).mkdir(parents=True)
    page.save(scans / PERSONAL_ID / "p.png")
    (scans / PERSONAL_ID / "cccd.jpg").write_bytes(b"")
    masked = digitize("run", str(scans), "--db", str(tmp_path / "d.db"), "--quiet")
    assert masked.returncode == 1
    both = masked.stdout + masked.stderr
    assert PERSONAL_ID not in both and f"{MASKED_ID}/cccd.jpg" in both and f"dossier {MASKED_ID}" in both
    (scans / PERSONAL_ID / "cccd.jpg").write_bytes(b"x")  # changed: read again
    shown = digitize("run", str(scans), "--db", str(tmp_path / "d.db"), "--quiet", "--show-pii")
    assert f"{PERSONAL_ID}/cccd.jpg" in shown.stdout


def test_show_and_status_mask_ids(corpus):
    db = str(corpus["db"])
    rec = next(r for r in corpus["records"] for k, f in r["fields"].items()
               if k.endswith("personal_id") and f["value"])
    pid = next(f["value"] for k, f in rec["fields"].items() if k.endswith("personal_id") and f["value"])
    con = sqlite3.connect(db)
    doc_id = con.execute("SELECT id FROM documents WHERE personal_id = ?", [pid]).fetchone()[0]
    for args in (("show", doc_id), ("show", doc_id, "--json"), ("status",)):
        p = digitize(*args, "--db", db, env={"COLUMNS": "60"})
        assert p.returncode == 0, p.stderr
        assert pid not in p.stdout + p.stderr, args
    assert pid[:3] + "*" * 7 + pid[-2:] in digitize("show", doc_id, "--db", db).stdout
    assert pid in digitize("show", doc_id, "--db", db, "--show-pii").stdout


def test_files_the_tool_creates_are_private(corpus, tmp_path):
    out = tmp_path / "sub" / "r.csv"
    digitize("export", "--format", "csv", "--out", str(out), "--db", str(corpus["db"]), check=True)
    for path in (corpus["db"], Path(f"{corpus['db']}.lock"), out):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# --- environment faults ---------------------------------------------------------------------------

def _no_traceback(p: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in p.stdout + p.stderr, p.stderr


def test_store_in_a_place_that_cannot_be_written(tmp_path):
    (tmp_path / "scans").mkdir()
    a_file = tmp_path / "plain-file"
    a_file.write_text("")
    for db in ("/proc/digitize.db", str(a_file / "d.db")):  # both fail as root too
        p = digitize("run", str(tmp_path / "scans"), "--db", db)
        assert p.returncode == 3, (db, p.stdout, p.stderr)
        assert "cannot create" in p.stderr
        _no_traceback(p)


def test_scans_root_that_is_a_file(tmp_path):
    (tmp_path / "f.pdf").write_bytes(b"%PDF-1.4")
    p = digitize("run", str(tmp_path / "f.pdf"), "--db", str(tmp_path / "d.db"))
    assert p.returncode == 2 and "give the folder that holds it" in p.stderr  # the user's slip, not the machine's
    _no_traceback(p)
    assert not (tmp_path / "d.db").exists()


def test_missing_poppler_says_what_to_install(tmp_path):
    (tmp_path / "scans").mkdir()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python3")
    os.symlink(shutil.which("tesseract"), bindir / "tesseract")
    p = digitize("run", str(tmp_path / "scans"), "--db", str(tmp_path / "d.db"), env={"PATH": str(bindir)})
    assert p.returncode == 3 and "poppler-utils" in p.stderr
    _no_traceback(p)


def _unshare(*cmd: str) -> list[str]:
    """cmd in a mount namespace of its own: a tmpfs mounted there is a real file system that
    fills up for real, is gone when cmd ends, and never touches the machine's mounts."""
    return ["unshare", "--user", "--map-root-user", "--mount", *cmd]


def _can_mount_privately(where: Path) -> bool:
    try:
        return subprocess.run(_unshare("mount", "-t", "tmpfs", "tmpfs", str(where)),
                              capture_output=True, timeout=30).returncode == 0
    except FileNotFoundError:
        return False


def test_disk_full_stops_the_run_cleanly_and_the_next_run_finishes(tmp_path, page):
    scans, mnt, saved = tmp_path / "scans", tmp_path / "mnt", tmp_path / "saved"
    for d in ("a", "b"):
        (scans / d).mkdir(parents=True)
        page.save(scans / d / "p1.png", dpi=(300, 300))
        page.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(scans / d / "p2.png", dpi=(300, 300))
    mnt.mkdir()
    saved.mkdir()
    empty = tmp_path / "empty"
    empty.mkdir()
    digitize("run", str(empty), "--db", str(saved / "d.db"), check=True)  # the schema only
    if not _can_mount_privately(mnt):
        pytest.skip("cannot mount a tmpfs in a private mount namespace here")
    room = (saved / "d.db").stat().st_size // 1024 + 32 + 24  # the store, its -shm, a little more
    # the store on a nearly full tmpfs is read into; then kept as it was left
    script = ('mount -t tmpfs -o size="$5"k tmpfs "$1" && cp "$4/d.db" "$1/" && '
              '"$2" -m digitize run "$3" --db "$1/d.db" --jobs 2 --quiet; rc=$?; cp "$1"/d.db* "$4/"; exit $rc')
    p = subprocess.run(_unshare("sh", "-c", script, "sh", str(mnt), sys.executable, str(scans), str(saved),
                                str(room)), capture_output=True, text=True, timeout=600,
                       cwd=Path(__file__).parent.parent)
    assert p.returncode == 3, p.stdout + p.stderr
    assert "database or disk is full" in p.stderr and "run again" in p.stderr
    _no_traceback(p)
    con = sqlite3.connect(saved / "d.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    con.close()
    assert stored < 4  # it did stop before the end
    again = digitize("run", str(scans), "--db", str(saved / "d.db"), "--jobs", "2", "--quiet")
    assert again.returncode == 0, again.stdout + again.stderr
    con = sqlite3.connect(saved / "d.db")
    assert sorted(con.execute("SELECT file_rel, page FROM pages")) == sorted(
        (f"{d}/p{n}.png", 1) for d in "ab" for n in (1, 2))
    # the full disk's run could not always record its end: the next run marks it killed
    assert [r[0] for r in con.execute("SELECT status FROM runs ORDER BY id")][-2:] in (
        ["killed", "done"], ["failed", "done"])
