"""Image cleaning with OpenCV: quality figures, orientation, deskew, leader removal, binarisation.

All measures work on a reduced copy (cheap); only the final turn and binarisation touch the
full page. Whether text runs across or down is read from the layout; Tesseract's OSD costs as
much as the OCR itself, so it runs only for pages that read badly as they are.
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
    needs_osd: bool = False  # up/down not yet checked: OSD if the page reads badly


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


def skew_angle(mask: np.ndarray, limit: float = 12.0) -> float:
    """Angle (degrees, counter-clockwise positive) that makes text lines horizontal: the one
    whose row profile is sharpest. Coarse search on a quarter page, then refined on a half
    page. The range covers a card laid crooked on the scanner glass."""
    quarter = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    best = max(np.arange(-limit, limit + 1e-9, 0.4), key=lambda a: _sharpness(_rotate_small(quarter, a), 1))
    fine = np.arange(best - 0.4, best + 0.4 + 1e-9, 0.05)
    return float(max(fine, key=lambda a: _sharpness(_rotate_small(mask, a), 1)))


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


def orientation(mask: np.ndarray) -> int:
    """0 when text lines run across the page, 90 when it lies on its side. Up from down is
    not decided here: no cheap layout measure proved reliable on cards and forms, so the
    page is read as it is and handed to Tesseract's OSD only if it reads badly."""
    mask = glyphs_only(mask)
    if mask.sum() < 200:
        return 0
    return 90 if lines_run_across(mask) < 0.67 else 0


def turn(img: np.ndarray, degrees: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(img, codes[degrees]) if degrees in codes else img


def scale(gray: np.ndarray, factor: float) -> np.ndarray:
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def remove_rules(gray: np.ndarray) -> np.ndarray:
    """White out what is not text but reads as text: long straight lines (frames, card edges,
    table rules: read as '|' or 'ị') and runs of dots (dotted leaders 'Họ, tên: ......' and
    the broken edges of a card: read as junk that spills into the value, an extra digit in an
    id). The dot of an 'i' or under an 'ạ' stays. Worked out on a half-size copy: it is cheap."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    half = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    half = (half > 32).astype(np.uint8) * 255  # thin light rules (digit boxes) must survive
    h, w = half.shape
    wipe = np.zeros_like(half)
    for kernel in ((max(60, w // 20), 1), (1, max(60, h // 30))):
        lines = cv2.morphologyEx(half, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        wipe |= lines
    n, labels, stats, _ = cv2.connectedComponentsWithStats(half, connectivity=8)
    cw, ch, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    # box grids for digits and table frames: big, hollow, and ruled by at least two long lines
    # (a word in bold may be as big, but no row of it is inked from end to end)
    for i in np.nonzero(((cw > 150) | (ch > 150)) & (area < 0.4 * cw * ch))[0]:
        if i == 0:
            continue
        x, y = stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_TOP]
        part = labels[y:y + ch[i], x:x + cw[i]] == i
        if (part.mean(axis=1) > 0.8).sum() >= 2 or (part.mean(axis=0) > 0.8).sum() >= 2:
            wipe[y:y + ch[i], x:x + cw[i]][part] = 255
    small = (cw <= 6) & (ch <= 6)
    small[0] = False
    dots = small[labels].astype(np.uint8) * 255
    for kernel, long_side in (((16, 1), cv2.CC_STAT_WIDTH), ((1, 16), cv2.CC_STAT_HEIGHT)):
        runs = cv2.morphologyEx(dots, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        m, rl, rs, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        other = cv2.CC_STAT_HEIGHT if long_side == cv2.CC_STAT_WIDTH else cv2.CC_STAT_WIDTH
        run = (rs[:, long_side] >= 60) & (rs[:, other] <= 7)
        run[0] = False
        wipe |= (run[rl] & (dots > 0)).astype(np.uint8) * 255
    if not wipe.any():
        return gray
    wipe = cv2.dilate(wipe, np.ones((3, 3), np.uint8))
    full = cv2.resize(wipe, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    out = gray.copy()
    out[full] = 255
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
    checked = rotation is not None
    if rotation is None:
        rotation = orientation(mask)
        q.orientation_method = "layout" if rotation else ""
    else:
        q.orientation_method = "osd"
    q.rotation = rotation
    if rotation:
        gray = turn(gray, rotation)
        mask = turn(mask, rotation)
    q.skew = skew_angle(mask)
    gray = remove_rules(deskew(gray, q.skew))
    image = binarize(gray) if do_binarize else gray
    return Prepared(image=image, quality=q, needs_osd=not checked)
