"""Image cleaning with OpenCV: quality figures, orientation, deskew, binarisation.

All measures work on a reduced copy (cheap); only the final turn and binarisation touch the
full page. Orientation is decided from the layout first: Tesseract's OSD costs as much as the
OCR itself, so it runs only for pages the layout test cannot decide.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .models import Quality

BLANK_INK = 0.0015  # share of dark pixels below which a page holds nothing to read
cv2.setNumThreads(1)  # one worker per core; OpenCV's own threads would fight them


@dataclass
class Prepared:
    image: np.ndarray  # what OCR reads: gray or binary, upright, deskewed
    quality: Quality
    needs_osd: bool = False


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 1: a fixed threshold after a median filter, so scanner noise on a blank
    page is not mistaken for text (Otsu would split pure noise in half)."""
    g = cv2.medianBlur(gray, 3)
    otsu, _ = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t = min(float(otsu), 160.0)
    return (g < t).astype(np.uint8)


def measure(gray: np.ndarray, dpi: int) -> Quality:
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = float(ink_mask(small).mean())
    lo, hi = np.percentile(small, [5, 95])
    return Quality(width=int(gray.shape[1]), height=int(gray.shape[0]), dpi=int(dpi),
                   blur=float(cv2.Laplacian(small, cv2.CV_64F).var()), ink=ink,
                   contrast=float(hi - lo), blank=ink < BLANK_INK)


def _sharpness(mask: np.ndarray, axis: int) -> float:
    """How sharply the ink profile alternates along an axis: high where text lines run across it."""
    prof = mask.sum(axis=axis).astype(np.float64)
    return float(np.square(np.diff(prof)).sum())


def _rotate_small(mask: np.ndarray, angle: float) -> np.ndarray:
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)


def skew_angle(mask: np.ndarray, limit: float = 5.0) -> float:
    """Angle (degrees, counter-clockwise positive) that makes text lines horizontal: the one
    whose row profile is sharpest. Coarse search on a quarter page, then refined."""
    quarter = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=lambda a: _sharpness(_rotate_small(quarter, a), 1))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(max(fine, key=lambda a: _sharpness(_rotate_small(mask, a), 1)))


def top_heaviness(mask: np.ndarray) -> float | None:
    """Ink above the x-height band over ink below it, summed over text lines. Vietnamese is
    strongly top-heavy (capitals, ascenders, stacked tone marks), so upright text gives > 1
    and text upside down < 1. None when there are too few lines to tell."""
    rows = mask.sum(axis=1)
    on = rows > max(2, 0.01 * mask.shape[1])
    above = below = 0.0
    lines = 0
    y, n = 0, len(on)
    while y < n:
        if not on[y]:
            y += 1
            continue
        start = y
        while y < n and on[y]:
            y += 1
        band = rows[start:y].astype(np.float64)
        if len(band) < 5:
            continue
        core = np.nonzero(band >= 0.5 * band.max())[0]
        top, bottom = core[0], core[-1]
        above += band[:top].sum()
        below += band[bottom + 1:].sum()
        lines += 1
    if lines < 3 or above + below == 0:
        return None
    return float((above + 1) / (below + 1))


def glyphs_only(mask: np.ndarray, max_size: int = 60, min_size: int = 6) -> np.ndarray:
    """The mask without frames, table rules, photos and QR codes (too big) and without dots
    (too small: dotted leaders and specks sit on the baseline and blur the up/down test):
    only components of letter size, which is what the direction of text lines is read from."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    keep = (w < max_size) & (h < max_size) & (np.maximum(w, h) >= min_size)
    keep[0] = False
    return keep[labels].astype(np.uint8)


def _blobs(mask: np.ndarray, kernel: tuple[int, int]) -> int:
    dilated = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    return cv2.connectedComponents(dilated, connectivity=8)[0] - 1


def lines_run_across(mask: np.ndarray) -> float:
    """How much more letters merge when smeared sideways than up and down: well above 1 when
    text lines run across the image, below 1 when the page lies on its side."""
    across, down = _blobs(mask, (9, 1)), _blobs(mask, (1, 9))
    return (down + 1) / (across + 1)


def orientation(mask: np.ndarray) -> tuple[int, bool]:
    """(degrees to turn clockwise, whether still in doubt) from the layout alone."""
    mask = glyphs_only(mask)
    if mask.sum() < 200:
        return 0, True
    across = lines_run_across(mask)
    base = 0
    if across < 0.67:  # text lines run vertically: the page is on its side
        mask = cv2.rotate(mask, cv2.ROTATE_90_CLOCKWISE)
        base = 90
    elif across < 1.5:
        return 0, True
    ratio = top_heaviness(mask)
    if ratio is None:
        return base, True
    if ratio >= 1.25:
        return base, False
    if ratio <= 0.8:
        return (base + 180) % 360, False
    return base, True


def turn(img: np.ndarray, degrees: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(img, codes[degrees]) if degrees in codes else img


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def remove_leaders(gray: np.ndarray) -> np.ndarray:
    """White out dotted leaders ('Họ, tên: ......'): Tesseract reads a run of dots as junk
    letters and, worse, lets it spill into the value (an extra digit in an id). Only runs
    of many dots in a row go; the dot of an 'i' or under an 'ạ' stays."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = (w <= 12) & (h <= 10)
    small[0] = False
    dots = (small[labels]).astype(np.uint8) * 255
    runs = cv2.morphologyEx(dots, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (31, 1)))
    m, rl, rs, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    leader = (rs[:, cv2.CC_STAT_WIDTH] >= 120) & (rs[:, cv2.CC_STAT_HEIGHT] <= 14)
    leader[0] = False
    wipe = leader[rl] & (dots > 0)
    if not wipe.any():
        return gray
    out = gray.copy()
    out[wipe] = 255
    return out


def binarize(gray: np.ndarray) -> np.ndarray:
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def prepare(gray: np.ndarray, dpi: int, do_binarize: bool = True, rotation: int | None = None) -> Prepared:
    """Measure, turn upright, deskew and (optionally) binarise one page.
    `rotation` forces the turn (after OSD decided it); None decides from the layout."""
    q = measure(gray, dpi)
    if q.blank:
        return Prepared(image=gray, quality=q)
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    mask = ink_mask(small)
    doubt = False
    if rotation is None:
        rotation, doubt = orientation(mask)
        q.orientation_method = "layout" if rotation else ""
    else:
        q.orientation_method = "osd"
    q.rotation = rotation
    if rotation:
        gray = turn(gray, rotation)
        mask = turn(mask, rotation)
    q.skew = skew_angle(mask)
    gray = remove_leaders(deskew(gray, q.skew))
    image = binarize(gray) if do_binarize else gray
    return Prepared(image=image, quality=q, needs_osd=doubt)
