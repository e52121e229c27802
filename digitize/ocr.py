"""The one Tesseract call per page, and the engine checks.

The page goes to Tesseract (through pytesseract) as an uncompressed 8-bit PGM file with its
resolution stated: a PNG hand-off costs more than recognition on noisy scans, and without
`--dpi` Tesseract guesses 454 dpi and reads worse. The file lives in the run's private
temporary folder, so a killed run leaves no page readable by others.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile

import cv2
import numpy as np
import pytesseract

from .models import Word

CHECK_TIMEOUT = 30  # seconds for `tesseract --version` / `--list-langs`


class EngineMissing(Exception):
    """Tesseract or a language model is not installed: an environment problem (exit 3)."""


class EngineError(RuntimeError):
    """Tesseract failed on one page. Its own messages are not kept: they may quote the page."""


def _tesseract(args: list[str], timeout: int, image: np.ndarray | None = None) -> str:
    """Run tesseract; subprocess.TimeoutExpired after `timeout` seconds (the process is killed)."""
    data = None
    if image is not None:
        ok, buf = cv2.imencode(".pgm", image)
        if not ok:
            raise EngineError("the page could not be encoded for tesseract")
        data = buf.tobytes()
    done = subprocess.run(["tesseract", *args], input=data, capture_output=True, timeout=timeout)
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


def read_words(image: np.ndarray, dpi: int, lang: str, psm: int, timeout: int) -> list[Word]:
    """Words with boxes and confidences, each tagged with its line number in reading order:
    the one `image_to_data` call of a page."""
    data = _engine_call(pytesseract.image_to_data, image, lang=lang, config=f"--psm {psm} --dpi {dpi}",
                        output_type=pytesseract.Output.DICT, timeout=timeout)
    words: list[Word] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        line = line_ids.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), len(line_ids))
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(Word(text=text, conf=conf, bbox=(x, y, x + w, y + h), line=line))
    return words


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
