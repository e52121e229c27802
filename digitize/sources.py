"""Where the pages come from: find dossiers under the scans root, hash and identify files,
count and render their pages. Nothing outside the root is ever opened."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import numpy as np
from natsort import natsorted, ns
from PIL import Image

from .config import Settings
from .models import Dossier, PageTask, SourceFile

SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
# Pillow opens an image only with the decoder of the kind its first bytes showed.
PIL_FORMATS = {"tiff": ["TIFF"], "jpeg": ["JPEG"], "png": ["PNG"]}
POPPLER = ("pdfinfo", "pdftoppm")


class FileError(Exception):
    """A problem with one file: recorded for that file, the batch goes on. Never holds personal data."""


class PopplerMissing(Exception):
    """pdfinfo or pdftoppm is not installed: an environment problem (exit 3)."""


def check_poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        raise PopplerMissing(f"the '{missing[0]}' program is not installed. Install it with: "
                             "sudo apt-get install poppler-utils (or run 'make setup')")


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
    content is a scan (a PDF saved as .dat) are taken too, and every link that leads out of the
    root, so that it is reported as refused. Anything else is ignored."""
    if path.name.startswith("."):
        return False
    if path.suffix.lower() in SCAN_SUFFIXES or (path.is_symlink() and not inside(root, path)):
        return True
    try:
        return path.is_file() and inside(root, path) and sniff(path) is not None
    except OSError:
        return False


def _dossier_files(root: Path, folder: Path) -> list[Path]:
    """The scan files of a dossier folder and its subfolders, hidden ones left out. Links to
    folders are listed, never walked into: _source refuses them."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        links = [d for d in dirs if os.path.islink(os.path.join(here, d))]
        found += [Path(here, name) for name in files + links]
    return _natural([p for p in found if _candidate(root, p)])


def find_dossiers(root: Path, known: dict[str, tuple[int, int, int, str]] | None = None) -> list[Dossier]:
    """Dossiers under root in natural order: each folder is one, each single file is one.
    `known`: rel -> (size, mtime_ns, inode, sha256) as stored; a file whose size, mtime and
    inode are unchanged keeps its stored hash instead of being read again."""
    # Absolute paths everywhere: a file named '-scan.pdf' never reads as an option to poppler.
    root = Path(root).absolute()
    found: dict[str, Dossier] = {}
    for entry in _natural(list(root.iterdir())):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            files = [_source(root, p, known) for p in _dossier_files(root, entry)]
            dossier_id = _printable(entry.name)
        elif entry.is_dir() or _candidate(root, entry):  # a link to a folder is one refused file
            files = [_source(root, entry, known)]
            dossier_id = _printable(entry.stem)
        else:
            continue
        if dossier_id in found:  # 'X/' and 'X.pdf', or 'X.pdf' and 'X.tif': one would replace the other
            for f in files:
                f.error = f.error or f"another dossier has the id '{dossier_id}': rename this file or folder"
            found[dossier_id].files += files
        elif files:
            found[dossier_id] = Dossier(id=dossier_id, path=_printable(str(entry)), files=files)
    return list(found.values())


def _printable(name: str) -> str:
    """A name the store can hold: bytes that are not UTF-8 are written as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _refusal(root: Path, path: Path, rel: str) -> str | None:
    """Why a file is not opened at all, or None. Checked before any read."""
    if _printable(rel) != rel:
        return "file name is not valid UTF-8: rename the file"
    if path.is_symlink() and not path.exists():
        return "broken link: its target does not exist"
    if not inside(root, path):
        return "refused: a link that leads outside the scans root"
    if path.is_dir():
        return "refused: a link to a folder (folders are read where they lie, links to them are not followed)"
    if not stat.S_ISREG(path.stat().st_mode):
        return "not a regular file (a device, pipe or socket)"
    return None


def _source(root: Path, path: Path, known: dict | None = None) -> SourceFile:
    rel = path.relative_to(root).as_posix()
    sf = SourceFile(path=str(path), rel=_printable(rel), sha256="", size=0, kind="")
    try:
        sf.error = _refusal(root, path, rel)
        if sf.error:
            return sf
        st = path.stat()
        sf.size, sf.mtime_ns, sf.inode = st.st_size, st.st_mtime_ns, st.st_ino
        was = (known or {}).get(sf.rel)
        same = was is not None and was[:3] == (sf.size, sf.mtime_ns, sf.inode) and was[3]
        sf.sha256 = was[3] if same else sha256(path)
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
            raise FileError(f"file larger than the limit of {s.max_file_mb} MB (max_file_mb)")
        if sf.kind == "pdf":
            sf.pages = _pdf_pages(Path(sf.path), s)
        else:
            sf.pages = _image_pages(Path(sf.path), sf.kind, s)
        if sf.pages == 0:
            raise FileError("no pages")
        if sf.pages > s.max_pages:
            raise FileError(f"more than {s.max_pages} pages (max_pages)")
    except FileError as e:
        sf.error = str(e)


def _pdfinfo(path: Path, s: Settings) -> dict:
    """pdfinfo through pdf2image, with a time limit. Poppler's own messages are never passed
    on: they may quote the file."""
    from pdf2image import pdfinfo_from_path
    from pdf2image.exceptions import PDFPopplerTimeoutError

    try:
        return pdfinfo_from_path(str(path), first_page=1, last_page=s.max_pages, timeout=s.render_timeout)
    except PDFPopplerTimeoutError:
        raise FileError(f"pdfinfo took longer than {s.render_timeout} s (render_timeout)") from None
    except Exception as e:  # PDFPageCountError and whatever poppler throws at a hostile file
        if "incorrect password" in str(e).lower():
            raise FileError("encrypted PDF: cannot be read without its password") from None
        raise FileError("damaged PDF: pdfinfo cannot read it") from None


def _pdf_pages(path: Path, s: Settings) -> int:
    """The page count, after checking the size of every page that would be rendered."""
    info = _pdfinfo(path, s)
    if not str(info.get("Pages", "")).isdigit():
        raise FileError("damaged PDF: its pages cannot be counted")
    for key, value in info.items():
        m = re.match(r"Page\s+(\d+) size", key)
        size = re.match(r"([\d.]+) x ([\d.]+) pts", str(value))
        if m and size:
            w, h = float(size.group(1)), float(size.group(2))
            _check_pixels(w / 72 * s.dpi, h / 72 * s.dpi, s, f"page {m.group(1)} of {w:.0f} x {h:.0f} pt at {s.dpi} dpi")
    return int(info["Pages"])


def _check_pixels(width: float, height: float, s: Settings, what: str) -> None:
    """The one pixel limit, applied to sizes read from headers, before anything is decoded."""
    if width * height > s.max_pixels:
        raise FileError(f"{what} is {width:.0f}x{height:.0f} pixels, more than the limit of "
                        f"{s.max_pixels:,} (max_pixels); refused before decoding")


def _image_pages(path: Path, kind: str, s: Settings) -> int:
    """Frames counted from their headers, stopping past max_pages; each frame's size checked."""
    Image.MAX_IMAGE_PIXELS = None  # _check_pixels is the limit, applied before decoding
    try:
        with Image.open(path, formats=PIL_FORMATS[kind]) as im:
            n = 0
            while n <= s.max_pages:
                try:
                    im.seek(n)
                except EOFError:
                    break
                n += 1
                _check_pixels(im.width, im.height, s, f"image {n}")
            return n
    except FileError:
        raise
    except Exception as e:
        raise FileError(f"damaged or unsupported image ({e.__class__.__name__})") from None


def page_tasks(dossier: Dossier, files: list[SourceFile]) -> list[PageTask]:
    return [PageTask(dossier=dossier.id, file_rel=f.rel, path=f.path, kind=f.kind, page=p, sha256=f.sha256)
            for f in files for p in range(1, f.pages + 1)]


# --- rendering (worker processes) ------------------------------------------------------

def render(task: PageTask, s: Settings) -> tuple[np.ndarray, int]:
    """One page as an 8-bit array, gray (H x W) or RGB (H x W x 3) as scanned, and its
    resolution in dpi. Colour is kept: it is what tells a red seal from the ink under it
    (imaging.ink_gray)."""
    if task.kind == "pdf":
        from pdf2image import convert_from_path
        from pdf2image.exceptions import PDFPopplerTimeoutError

        # One page at a time, as PPM read from pdftoppm's output: never the whole PDF, never
        # PNG (slow on scans). pdf2image's own page count has no time limit, but this
        # file already passed pdfinfo within one (inspect).
        try:
            pages = convert_from_path(task.path, dpi=s.dpi, first_page=task.page, last_page=task.page,
                                      timeout=s.render_timeout)
        except PDFPopplerTimeoutError:
            raise FileError(f"pdftoppm took longer than {s.render_timeout} s (render_timeout)") from None
        except Exception:
            raise FileError(f"page {task.page} could not be rendered") from None
        if not pages:
            raise FileError(f"page {task.page} could not be rendered")
        return to_array(pages[0]), s.dpi
    Image.MAX_IMAGE_PIXELS = None  # _check_pixels is the limit
    with Image.open(task.path, formats=PIL_FORMATS[task.kind]) as im:
        im.seek(task.page - 1)
        # checked again here: the file may have been replaced since it was counted
        _check_pixels(im.width, im.height, s, f"image {task.page}")
        dpi = im.info.get("dpi", (0, 0))[0] or 0
        return to_array(im), int(round(float(dpi))) if dpi else 0


def to_array(im: Image.Image) -> np.ndarray:
    """8 bits a channel from any mode Pillow opens: gray for 1-bit, gray and 16-bit images, RGB
    for colour ones (CMYK, palette, with alpha: on white)."""
    if im.mode.startswith("I;16"):
        return (np.asarray(im).astype(np.uint16) >> 8).astype(np.uint8)
    if im.mode == "I":  # 32-bit integers: 16-bit data when any value passes 255
        arr = np.asarray(im)
        return np.clip(arr >> 8 if arr.max() > 255 else arr, 0, 255).astype(np.uint8)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    if im.mode in ("1", "L", "LA", "I", "F") or im.mode.startswith("I;"):
        return np.asarray(im.convert("L"), dtype=np.uint8)
    return np.asarray(im.convert("RGB"), dtype=np.uint8)

