"""The one Tesseract call per page, and the engine checks.

Recognition runs in the worker process through tesserocr, built against the system's
libtesseract (the same engine and `vie` model as the `tesseract` command, word for word): the
model is loaded once per worker, and the page is handed over as raw 8-bit gray bytes with its
resolution stated. Measured on outside pages, that is a third less time per page than
pytesseract's process and file per page; without a stated resolution Tesseract guesses 454 dpi
and reads worse.

Orientation detection, rare (only pages that read badly), still runs as a `tesseract`
process through pytesseract: it has no time limit in the library, and a process can be killed.
Its page file is an uncompressed PGM in the run's private temporary folder, so a killed run
leaves no page readable by others.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
import time

import cv2
import numpy as np
import pytesseract

from .models import Word

CHECK_TIMEOUT = 30  # seconds for `tesseract --version` / `--list-langs`


class EngineMissing(Exception):
    """Tesseract or a language model is not installed: an environment problem (exit 3)."""


class EngineError(RuntimeError):
    """Tesseract failed on one page. Its own messages are not kept: they may quote the page."""


def _tesseract(args: list[str], timeout: int) -> str:
    """Run tesseract; subprocess.TimeoutExpired after `timeout` seconds (the process is killed)."""
    done = subprocess.run(["tesseract", *args], capture_output=True, timeout=timeout)
    if done.returncode != 0:
        raise EngineError(f"tesseract exited with status {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def check_engine(lang: str) -> str:
    """Return the engine version, or raise EngineMissing saying what to install."""
    if shutil.which("tesseract") is None:
        raise EngineMissing("the 'tesseract' program is not installed. Install it with: "
                            "sudo apt-get install tesseract-ocr tesseract-ocr-vie (or run 'make setup')")
    try:
        version = _tesseract(["--version"], CHECK_TIMEOUT).split("\n", 1)[0]
        langs = set(_tesseract(["--list-langs"], CHECK_TIMEOUT).split("\n")[1:])
    except (EngineError, OSError, subprocess.TimeoutExpired) as e:  # a broken install
        raise EngineMissing(f"tesseract does not start ({e.__class__.__name__})") from None
    for code in lang.split("+"):
        if code not in langs:
            pkg = f"tesseract-ocr-{code}"
            raise EngineMissing(f"the Tesseract language model '{code}' is not installed. "
                                f"Install it with: sudo apt-get install {pkg} (or run 'make setup')")
    return version


def _pgm(image: np.ndarray) -> tempfile._TemporaryFileWrapper:
    """The page as an 8-bit PGM file (2 ms to write, nothing to decode) in the run's private
    temporary folder (see pipeline.private_tmp): readable by the owner only, emptied by the
    next run if this one is killed."""
    fh = tempfile.NamedTemporaryFile(suffix=".pgm", prefix="page-")
    ok, buf = cv2.imencode(".pgm", image)
    if not ok:
        raise EngineError("the page could not be encoded for tesseract")
    fh.write(buf.tobytes())
    fh.flush()
    return fh


def _engine_call(fn, image: np.ndarray, **kwargs):
    """A pytesseract call on the page with its time limit; the engine's messages are not kept."""
    with _pgm(image) as fh:
        try:
            return fn(fh.name, **kwargs)
        except pytesseract.TesseractError as e:
            raise EngineError(f"tesseract exited with status {e.status}") from None
        except RuntimeError as e:  # pytesseract's time-out
            if "timeout" in str(e).lower():
                raise subprocess.TimeoutExpired("tesseract", kwargs.get("timeout", 0)) from None
            raise


_engines = threading.local()  # one loaded engine per thread of a worker: tesserocr's API is not shared


def _engine(lang: str, psm: int):
    """The worker's engine for this language and layout mode, loaded on first use."""
    import tesserocr

    cache = _engines.__dict__.setdefault("by_key", {})
    if (lang, psm) not in cache:
        try:
            cache[(lang, psm)] = tesserocr.PyTessBaseAPI(lang=lang, psm=psm)
        except RuntimeError:  # the model is missing or unreadable
            raise EngineError(f"tesseract could not load the language model '{lang}'") from None
    return cache[(lang, psm)]


def read_words(image: np.ndarray, dpi: int, lang: str, psm: int, timeout: int) -> list[Word]:
    """Words with boxes and confidences, each tagged with its line number in reading order:
    the one recognition of a page. Raises subprocess.TimeoutExpired after `timeout` seconds."""
    api = _engine(lang, psm)
    image = np.ascontiguousarray(image, dtype=np.uint8)
    h, w = image.shape
    api.SetImageBytes(image.tobytes(), w, h, 1, w)
    api.SetSourceResolution(dpi)
    t0 = time.monotonic()
    try:
        # past the deadline Tesseract stops and keeps what it has: a part page is no result
        ok = api.Recognize(timeout=int(timeout * 1000))
        if time.monotonic() - t0 >= timeout:
            raise subprocess.TimeoutExpired("tesseract", timeout)
        if not ok:
            raise EngineError("tesseract could not recognise the page")
        tsv = api.GetTSVText(0)
    finally:
        api.Clear()  # the page's image and results are not kept between pages
    words: list[Word] = []
    line_ids: dict[tuple[str, str, str], int] = {}
    # TSV rows as the `tesseract ... tsv` command writes them: level, page, block, paragraph,
    # line, word, left, top, width, height, confidence, text; level 5 is a word
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        # whole numbers, as the flag thresholds were measured with (pytesseract truncates them)
        text, conf = cells[11].strip(), float(int(float(cells[10])))
        if not text or conf < 0:
            continue
        line = line_ids.setdefault((cells[2], cells[3], cells[4]), len(line_ids))
        x, y, bw, bh = (int(c) for c in cells[6:10])
        words.append(Word(text=text, conf=conf, bbox=(x, y, x + bw, y + bh), line=line))
    return words


LINE_PSM = 7  # Tesseract's layout mode for an image that is one line of text
CUT_MARGIN_PX = 12  # white border around a cut-out line: Tesseract reads a line touching its edge badly


def cut_out(image: np.ndarray, box: tuple[int, int, int, int], tall: int, above: float, below: float,
            side: float) -> np.ndarray:
    """The pixels of `box` (x0, y0, x1, y1) with room around them, in shares of the letters'
    height `tall` (above, below, either side), on a white border: a line to read alone."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = box
    cut = image[max(0, y0 - int(above * tall)): min(h, y1 + int(below * tall)),
                max(0, x0 - int(side * tall)): min(w, x1 + int(side * tall))]
    return np.pad(cut, CUT_MARGIN_PX, constant_values=255)


def read_line(image: np.ndarray, dpi: int, lang: str, timeout: int) -> list[Word]:
    """The words of an image cut to one line of text, boxes in its pixels (`read_words` with
    the single-line layout)."""
    return read_words(image, dpi, lang, LINE_PSM, timeout)


def osd_rotation(image: np.ndarray, dpi: int, timeout: int) -> int | None:
    """Degrees to turn the page clockwise per Tesseract's orientation detection; None if unsure."""
    try:
        out = _engine_call(pytesseract.image_to_osd, image, config=f"--psm 0 --dpi {dpi}", timeout=timeout)
    except (EngineError, subprocess.SubprocessError):
        return None
    rot = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not rot or (conf and float(conf.group(1)) < 1.0):
        return None
    return int(rot.group(1)) % 360
