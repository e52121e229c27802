"""A stored page as the reviewer sees it: the scan re-rendered and turned and deskewed exactly
as it was for OCR, so the stored boxes (in that image's pixels) land on the right ink.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from . import imaging, sources, store
from .files import write_private  # noqa: F401  (crops are written through it)
from .config import Settings
from .models import PageTask

RED = (40, 40, 220)  # BGR


class ScanMissing(Exception):
    """The scan file is gone or unreadable: the review goes on with the text alone."""


def scan_path(db, file_rel: str) -> tuple[Path, str, dict]:
    """(path of the scan, warning or '', files row) for a stored file."""
    f = store.file_row(db, file_rel)
    if f is None or not f["root"]:
        raise ScanMissing(f"{file_rel} is not in the store")
    path = Path(f["root"]) / file_rel
    if not path.is_file():
        raise ScanMissing(f"scan not found at {path}")
    st = path.stat()
    warning = "" if _sha256(str(path), st.st_mtime_ns, st.st_size) == f["sha256"] else \
        "the scan changed since it was read: the box may not line up (run `digitize run` again)"
    return path, warning, f


@lru_cache(maxsize=64)  # keyed by mtime and size: a big PDF is hashed once, not per image request
def _sha256(path: str, mtime_ns: int, size: int) -> str:
    return sources.sha256(Path(path))


@lru_cache(maxsize=4)  # the web page asks for the page and its crop in turn: render once
def _ocr_image(path: str, kind: str, page: int, dpi: int, rotation: int, skew: float,
               settings: Settings) -> np.ndarray:
    task = PageTask(dossier="", file_rel="", path=path, kind=kind, page=page)
    from .pipeline import page_for_ocr

    gray, _, _ = page_for_ocr(task, replace(settings, dpi=dpi) if kind == "pdf" and dpi else settings)
    return imaging.deskew(imaging.turn(gray, rotation), skew)


def page_image(db, page_id: str, settings: Settings) -> tuple[np.ndarray, str]:
    """(gray image in OCR coordinates, warning) of a stored page 'file_rel#n'."""
    p = store.page_row(db, page_id)
    if p is None:
        raise ScanMissing(f"page {page_id} is not in the store")
    path, warning, f = scan_path(db, p["file_rel"])
    try:
        img = _ocr_image(str(path), f["kind"], p["page"], p["dpi"] or 0, p["rotation"] or 0,
                         p["skew"] or 0.0, settings)
    except Exception as e:  # a file that no longer renders: say so, keep reviewing
        raise ScanMissing(f"cannot render {path} page {p['page']} ({e.__class__.__name__})") from None
    return img, warning


def with_box(gray: np.ndarray, bbox: list[int] | None, thickness: int = 4) -> np.ndarray:
    img = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    if bbox:
        x0, y0, x1, y1 = bbox
        cv2.rectangle(img, (x0 - 6, y0 - 6), (x1 + 6, y1 + 6), RED, thickness)
    return img


def crop(gray: np.ndarray, bbox: list[int]) -> tuple[np.ndarray, list[int]]:
    """The field's box with its label to the left and a line above and below; the box in the
    crop's coordinates."""
    x0, y0, x1, y1 = bbox
    h, w = gray.shape
    pad_y = max(50, 2 * (y1 - y0))
    cx0, cy0 = max(0, x0 - 800), max(0, y0 - pad_y)
    cx1, cy1 = min(w, x1 + 120), min(h, y1 + pad_y)
    return gray[cy0:cy1, cx0:cx1], [x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0]


def scaled(img: np.ndarray, width: int) -> np.ndarray:
    if img.shape[1] <= width:
        return img
    return cv2.resize(img, (width, round(img.shape[0] * width / img.shape[1])), interpolation=cv2.INTER_AREA)


def png(img: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", img)
    if not ok:
        raise ScanMissing("cannot encode the image")
    return buf.tobytes()
