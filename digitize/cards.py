"""Where identity cards lie on a page, and the geometry that reads them alone.

A card photocopied or scanned onto an A4 sheet is a small tinted rectangle of the card's
proportions (85.6 x 54 mm) on white paper. Read as a corner of the page its letters are small
and its guilloche mixes with them; cut out, turned square and enlarged to its own letter height
it reads like a card photo. Words read on the cut-out are mapped back to the page, so their
boxes still land on the scan.

Found from the page alone: the printed background of a card is darker than the paper around it
over the whole of its rectangle, which no block of text is (text leaves most of its area paper).
A page that is all card (a phone photo, a card scanned alone) is read as it is.
"""
from __future__ import annotations

import cv2
import numpy as np

CARD_RATIO = 85.6 / 54.0  # ISO/IEC 7810 ID-1, every Vietnamese identity card
RATIO_RANGE = (1.45, 1.75)  # long side over short side as found: perspective and blur widen it
WORK_PX = 600  # the longer side of the copy the search works on: a card's edge is a few pixels wide there
TINT_LEVELS = 10  # gray levels (0-255) below the paper from which a pixel is tinted: a card's printed background
# ... on a page where no card is found so: a faded copy's card measures 8-9 below its paper (on six
# seeds of the outside corpus no page gains a false card even at 6). Only a second look: a lower
# level widens the cards it finds by a pixel or two, and the cut-outs read differently.
FADED_TINT_LEVELS = 8
# ... and on paper with no grain left once medians have smoothed it (the white of a black-and-white
# copy), a card's dithered tint may stand only 6-7 below it: there a smaller step is no noise. On
# the 900 pages of eight outside seeds, levels 3 to 6 add a card to one page, a card copied so.
FLAT_TINT_LEVELS = 4
FLAT_GRAIN = 1  # gray levels between the paper's 90th and 50th percentiles: a page this flat
MIN_FILL = 0.9  # share of its rectangle the tinted area covers: a card is solid, text blocks are mostly paper
PAPER_FITS = 3  # fits of the paper's surface under uneven light, each on the pixels the last found paper
PAPER_BAND = 4  # gray levels below the fitted surface still paper (its grain, once medians have smoothed it)
AREA_RANGE = (0.012, 0.6)  # share of the page: smaller is a photo or stamp (a card copied at 40% is 0.012); larger, the page is the card itself


def find_cards(gray: np.ndarray) -> list[np.ndarray]:
    """Corners (4 x 2, float32, the page's pixels, clockwise) of each card lying on the page,
    largest first. `gray` is the page as scanned, before its paper is normalised: the
    normalisation divides a card's tint out with the paper's."""
    h, w = gray.shape
    k = WORK_PX / max(h, w)
    small = cv2.resize(gray, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)  # dither of 1-bit copies averages to gray
    small = cv2.medianBlur(small, 5)  # letters and guilloche lines go, a tint stays
    paper = np.full_like(small, np.percentile(small, 90))
    lit = None
    flat = np.percentile(small, 90) - np.percentile(small, 50) <= FLAT_GRAIN
    for levels in (TINT_LEVELS, FADED_TINT_LEVELS, *((FLAT_TINT_LEVELS,) if flat else ())):
        found = _tinted_rectangles(small, paper, k, levels)
        if not found:
            # light falling off across the page (a lamp, a phone's vignette) darkens whole corners
            # below the one paper level: the paper's level is a smooth surface fitted to the page
            lit = _lit_paper(small) if lit is None else lit  # fitted once, for both levels
            found = _tinted_rectangles(small, lit, k, levels)
        if found:
            break
    return [quad for _, quad in sorted(found, key=lambda f: -f[0])]


def _lit_paper(small: np.ndarray) -> np.ndarray:
    """The paper's level under light that falls off smoothly across the page: a quadratic
    surface fitted to the page, then again to the pixels at or above it (the paper; ink and
    cards lie below), and lowered by the paper's grain."""
    h, w = small.shape
    terms = _quadratic_terms(h, w, step=4)
    z = small[::4, ::4].ravel().astype(np.float64)
    keep = np.ones_like(z, dtype=bool)
    for _ in range(PAPER_FITS):
        coef, *_ = np.linalg.lstsq(terms[keep], z[keep], rcond=None)
        keep = z >= terms @ coef - PAPER_BAND
    surface = (_quadratic_terms(h, w) @ coef).reshape(h, w)
    return np.clip(surface - PAPER_BAND, 0, 255).astype(np.uint8)


def _quadratic_terms(h: int, w: int, step: int = 1) -> np.ndarray:
    """The terms 1, x, y, x², y², xy of every `step`-th pixel of an h x w image, row by row,
    x and y as shares of the width and height."""
    y, x = np.mgrid[0:h:step, 0:w:step]
    x, y = x.ravel() / w, y.ravel() / h
    return np.stack([np.ones_like(x), x, y, x * x, y * y, x * y], axis=1)


def _tinted_rectangles(small: np.ndarray, paper: np.ndarray, k: float, levels: int) -> list[tuple[float, np.ndarray]]:
    """(area, corners at the page's scale) of the solid card-shaped areas `levels` darker than the paper."""
    tint = (small.astype(np.int16) < paper.astype(np.int16) - levels).astype(np.uint8)
    side = max(3, round(0.012 * WORK_PX)) | 1
    kernel = np.ones((side, side), np.uint8)
    tint = cv2.morphologyEx(cv2.morphologyEx(tint, cv2.MORPH_CLOSE, kernel), cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(tint, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for c in contours:
        rect = cv2.minAreaRect(c)
        rw, rh = rect[1]
        if min(rw, rh) < 2:
            continue
        area = rw * rh
        if not RATIO_RANGE[0] <= max(rw, rh) / min(rw, rh) <= RATIO_RANGE[1]:
            continue
        if not AREA_RANGE[0] <= area / small.size <= AREA_RANGE[1] or cv2.contourArea(c) < MIN_FILL * area:
            continue
        found.append((area, (cv2.boxPoints(rect) / k).astype(np.float32)))
    return found


def upright_corners(quad: np.ndarray) -> np.ndarray | None:
    """The corners ordered top-left, top-right, bottom-right, bottom-left as they stand on an
    upright page; None when the card stands on its short side there (its text runs sideways
    to the page's, and which way is not known)."""
    centre = quad.mean(axis=0)
    angles = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    q = quad[np.argsort(angles)]  # clockwise in image coordinates (y down), from the left
    top_left = int(np.argmin(q[:, 0] + q[:, 1]))
    q = np.roll(q, -top_left, axis=0)
    if np.linalg.norm(q[1] - q[0]) < np.linalg.norm(q[3] - q[0]):
        return None
    return q.astype(np.float32)


def sideways(quad: np.ndarray, rotation: int) -> bool:
    """Whether a card found on the scan (`quad`, the scan's pixels) stands on its short side
    once the page is turned by `rotation`: its text then runs across the page's lines."""
    centre = quad.mean(axis=0)
    q = quad[np.argsort(np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0]))]
    across, down = np.abs(q[1] - q[0]) + np.abs(q[2] - q[1])  # the sides' extents on the scan
    return (down > across) != (rotation in (90, 270))


def rectify(gray: np.ndarray, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the card cut out and turned square at its own resolution, the 3 x 3 transform from the
    cut-out's pixels to the page's)."""
    width = float(np.linalg.norm(corners[1] - corners[0]))
    out_w, out_h = round(width), round(width / CARD_RATIO)
    target = np.float32([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]])
    to_card = cv2.getPerspectiveTransform(corners, target)
    card = cv2.warpPerspective(gray, to_card, (out_w, out_h), flags=cv2.INTER_CUBIC, borderValue=255)
    return card, np.linalg.inv(to_card)


def apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Points (N x 2) through a 2 x 3 affine or 3 x 3 perspective transform."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 1, 2)
    if matrix.shape == (2, 3):
        return cv2.transform(pts, matrix).reshape(-1, 2)
    return cv2.perspectiveTransform(pts, matrix).reshape(-1, 2)


def turn_points(points: np.ndarray, degrees: int, width: int, height: int) -> np.ndarray:
    """Where points of a width x height image land when it is turned clockwise (imaging.turn)."""
    x, y = points[:, 0], points[:, 1]
    if degrees == 90:
        return np.stack([height - 1 - y, x], axis=1)
    if degrees == 180:
        return np.stack([width - 1 - x, height - 1 - y], axis=1)
    if degrees == 270:
        return np.stack([y, width - 1 - x], axis=1)
    return points


def turned_size(width: int, height: int, degrees: int) -> tuple[int, int]:
    """(width, height) of a width x height image turned clockwise by `degrees`."""
    return (height, width) if degrees in (90, 270) else (width, height)


def skew_matrix(width: int, height: int, angle: float) -> np.ndarray:
    """The 2 x 3 transform imaging.deskew applies to a width x height image."""
    if abs(angle) < 0.05:
        return np.float64([[1, 0, 0], [0, 1, 0]])
    return cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)


def box_of(points: np.ndarray) -> tuple[int, int, int, int]:
    """The upright box (x0, y0, x1, y1) around points."""
    x0, y0 = np.floor(points.min(axis=0)).astype(int)
    x1, y1 = np.ceil(points.max(axis=0)).astype(int)
    return int(x0), int(y0), int(x1), int(y1)


def corners_of(bbox: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = bbox
    return np.float64([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


def inside(point: tuple[float, float], polygon: np.ndarray) -> bool:
    return cv2.pointPolygonTest(polygon.astype(np.float32).reshape(-1, 1, 2), point, False) >= 0
