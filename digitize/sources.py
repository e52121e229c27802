"""Where the pages come from: find dossiers under the scans root, hash and identify files,
count and render their pages. Nothing outside the root is ever opened."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np
from natsort import natsorted, ns
from PIL import Image

from .config import Settings
from .models import Dossier, PageTask, SourceFile

SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
# A dossier given as one file directly under the root (RECORDS.md: a PDF or TIFF; images accepted too).
SINGLE_FILE_KINDS = {"pdf", "tiff", "jpeg", "png"}


class FileError(Exception):
    """A problem with one file: recorded for that file, the batch goes on. Never holds personal data."""


def sniff(path: Path) -> str | None:
    """The file's kind from its first bytes, whatever its name says."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"%PDF-") or b"%PDF-" in head:
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    return None


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def inside(root: Path, path: Path) -> bool:
    """True when the real location of `path` (links followed) is under the real root."""
    try:
        path.resolve(strict=True).relative_to(root.resolve(strict=True))
        return True
    except (ValueError, OSError):
        return False


def _natural(paths):
    return natsorted(paths, key=lambda p: str(p), alg=ns.PATH | ns.IGNORECASE)


def _candidate(root: Path, path: Path) -> bool:
    """Scan files are chosen by name first and confirmed by content later; other files whose
    content is a scan (a PDF saved as .dat) are taken too, anything else is ignored."""
    if path.name.startswith("."):
        return False
    if path.suffix.lower() in SCAN_SUFFIXES:
        return True
    try:
        return path.is_file() and inside(root, path) and sniff(path) is not None
    except OSError:
        return False


def find_dossiers(root: Path) -> list[Dossier]:
    """Dossiers under root in natural order: each folder is one, each single file is one."""
    root = Path(root)
    out: list[Dossier] = []
    for entry in _natural(list(root.iterdir())):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            files = [p for p in _natural(list(entry.rglob("*")))
                     if (p.is_file() or p.is_symlink()) and _candidate(root, p)
                     and not any(part.startswith(".") for part in p.relative_to(entry).parts)]
            if files:
                out.append(Dossier(id=entry.name, path=str(entry),
                                   files=[_source(root, p) for p in files]))
        elif (entry.is_file() or entry.is_symlink()) and _candidate(root, entry):
            out.append(Dossier(id=entry.stem, path=str(entry), files=[_source(root, entry)]))
    return out


def _source(root: Path, path: Path) -> SourceFile:
    rel = path.relative_to(root).as_posix()
    sf = SourceFile(path=str(path), rel=rel, sha256="", size=0, kind="")
    if not inside(root, path):
        sf.error = "refused: a link that leads outside the scans root"
        return sf
    try:
        sf.size = path.stat().st_size
        sf.sha256 = sha256(path)
        if sf.size == 0:
            sf.error = "empty file"
            return sf
        kind = sniff(path)
        if kind is None:
            sf.error = "not a PDF, TIFF, JPEG or PNG (content not recognised)"
            return sf
        sf.kind = kind
    except OSError as e:
        sf.error = f"cannot read file: {e.strerror or e.__class__.__name__}"
    return sf


# --- page counting and limits (main process) -------------------------------------------

def inspect(sf: SourceFile, s: Settings) -> None:
    """Fill `pages`, or `error` when the file breaks a limit or cannot be opened."""
    if sf.error:
        return
    try:
        if sf.size > s.max_file_mb * 1024 * 1024:
            raise FileError(f"file larger than the limit of {s.max_file_mb} MB")
        if sf.kind == "pdf":
            sf.pages = _pdf_pages(Path(sf.path), s)
        else:
            sf.pages = _image_pages(Path(sf.path), s)
        if sf.pages == 0:
            raise FileError("no pages")
        if sf.pages > s.max_pages:
            raise FileError(f"{sf.pages} pages, more than the limit of {s.max_pages} (max_pages)")
    except FileError as e:
        sf.error = str(e)


def _pdf_pages(path: Path, s: Settings) -> int:
    from pdf2image import pdfinfo_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    try:
        info = pdfinfo_from_path(str(path), timeout=s.render_timeout)
    except PDFInfoNotInstalledError:
        raise
    except (PDFPageCountError, PDFSyntaxError) as e:
        msg = str(e).lower()
        if "incorrect password" in msg or "encrypt" in msg:
            raise FileError("encrypted PDF: cannot be read without its password") from None
        raise FileError("damaged PDF: its pages cannot be counted") from None
    except Exception as e:  # timeouts and anything poppler throws at a hostile file
        raise FileError(f"damaged PDF ({e.__class__.__name__})") from None
    if str(info.get("Encrypted", "no")).startswith("yes"):
        # pdfinfo opens PDFs encrypted with an empty user password; those render fine.
        pass
    pages = int(info.get("Pages", 0))
    size = re.match(r"([\d.]+) x ([\d.]+) pts", str(info.get("Page size", "")))
    if size:
        w, h = (float(size.group(1)) / 72 * s.dpi, float(size.group(2)) / 72 * s.dpi)
        if w * h > s.max_pixels:
            raise FileError(f"page size {size.group(1)} x {size.group(2)} pt is too large to render "
                            f"at {s.dpi} dpi (max_pixels {s.max_pixels})")
    return pages


def _image_pages(path: Path, s: Settings) -> int:
    Image.MAX_IMAGE_PIXELS = None  # we check the size ourselves, before any decoding
    try:
        with Image.open(path) as im:
            n = getattr(im, "n_frames", 1)
            for i in range(n):
                im.seek(i)
                if im.width * im.height > s.max_pixels:
                    raise FileError(f"image of {im.width}x{im.height} pixels exceeds the limit of "
                                    f"{s.max_pixels} (max_pixels); refused before decoding")
            return n
    except FileError:
        raise
    except Exception as e:
        raise FileError(f"damaged or unsupported image ({e.__class__.__name__})") from None


def page_tasks(dossier: Dossier, files: list[SourceFile]) -> list[PageTask]:
    return [PageTask(dossier=dossier.id, file_rel=f.rel, path=f.path, kind=f.kind, page=p)
            for f in files for p in range(1, f.pages + 1)]


# --- rendering (worker processes) ------------------------------------------------------

def render(task: PageTask, s: Settings) -> tuple[np.ndarray, int]:
    """One page as an 8-bit gray array and its resolution in dpi."""
    if task.kind == "pdf":
        from pdf2image import convert_from_path

        # One page at a time, straight to gray PPM: never PNG (slow), never the whole file.
        pages = convert_from_path(task.path, dpi=s.dpi, first_page=task.page, last_page=task.page,
                                  grayscale=True, timeout=s.render_timeout)
        if not pages:
            raise FileError(f"page {task.page} could not be rendered")
        return to_gray(pages[0]), s.dpi
    Image.MAX_IMAGE_PIXELS = None  # size was checked in inspect()
    with Image.open(task.path) as im:
        im.seek(task.page - 1)
        dpi = im.info.get("dpi", (0, 0))[0] or 0
        return to_gray(im), int(round(float(dpi))) if dpi else 0


def to_gray(im: Image.Image) -> np.ndarray:
    """8-bit gray from any mode Pillow opens: 16-bit, CMYK, palette, with alpha (on white)."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.float64)
        top = 65535.0 if arr.max() > 255 else 255.0
        return np.clip(arr / top * 255.0, 0, 255).astype(np.uint8)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    if im.mode == "1":
        im = im.convert("L")
    return np.asarray(im.convert("L"), dtype=np.uint8)


def file_mode_private(path: Path) -> None:
    """Files the tool creates hold personal data: readable by their owner only."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
