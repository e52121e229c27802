"""The one Tesseract call per page, and the engine checks.

The image goes to Tesseract as an uncompressed 8-bit PGM file with its resolution stated:
a PNG hand-off costs more than recognition on noisy scans, and without `--dpi` Tesseract
guesses 454 dpi and reads worse.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

import cv2
import numpy as np
import pytesseract

from .models import Word


class EngineMissing(Exception):
    """Tesseract or a language model is not installed: an environment problem (exit 3)."""


def check_engine(lang: str) -> str:
    """Return the engine version, or raise EngineMissing saying what to install."""
    if shutil.which("tesseract") is None:
        raise EngineMissing("the 'tesseract' program is not installed. Install it with: "
                            "sudo apt-get install tesseract-ocr tesseract-ocr-vie (or run 'make setup')")
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as e:  # a broken install
        raise EngineMissing(f"tesseract does not start ({e.__class__.__name__})") from None
    for code in lang.split("+"):
        if code not in langs:
            pkg = f"tesseract-ocr-{code}"
            raise EngineMissing(f"the Tesseract language model '{code}' is not installed. "
                                f"Install it with: sudo apt-get install {pkg} (or run 'make setup')")
    return str(pytesseract.get_tesseract_version())


def _pgm(image: np.ndarray) -> str:
    fd, path = tempfile.mkstemp(suffix=".pgm", prefix="digitize-")
    os.close(fd)
    cv2.imwrite(path, image)
    return path


def read_words(image: np.ndarray, dpi: int, lang: str, psm: int, timeout: int) -> list[Word]:
    """Words with boxes and confidences, each tagged with its line number in reading order."""
    path = _pgm(image)
    try:
        data = pytesseract.image_to_data(path, lang=lang, config=f"--psm {psm} --dpi {dpi}",
                                         output_type=pytesseract.Output.DICT, timeout=timeout)
    finally:
        os.unlink(path)
    words: list[Word] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        line = line_ids.setdefault(key, len(line_ids))
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(Word(text=text, conf=conf, bbox=(x, y, x + w, y + h), line=line))
    return words


def osd_rotation(image: np.ndarray, dpi: int, timeout: int) -> int | None:
    """Degrees to turn the page clockwise per Tesseract's orientation detection; None if unsure."""
    path = _pgm(image)
    try:
        out = pytesseract.image_to_osd(path, config=f"--psm 0 --dpi {dpi}", timeout=timeout)
    except (pytesseract.TesseractError, RuntimeError, subprocess.SubprocessError):
        return None
    finally:
        os.unlink(path)
    rot = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not rot or (conf and float(conf.group(1)) < 1.0):
        return None
    return int(rot.group(1)) % 360
