"""Image cleaning with OpenCV: paper and ink levels, text size, orientation, deskew, leader
removal, binarisation.

Everything is judged from the page itself, never from what its file claims: the paper's own
level (gray or yellowed paper, uneven light, faded toner) is divided out before ink is looked
for, the text's measured height decides the scale it is read at (a phone photo says 72 dpi),
and which way is up is read from the shape of the text lines. Tesseract's OSD costs as much as
the OCR itself, so it runs only for pages that still read badly (pipeline.read_page).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .models import Quality
from .stages import Clock

cv2.setNumThreads(1)  # one worker per core; OpenCV's own threads would fight them

# A pixel is ink when it is this much darker than the paper around it (share of the paper's
# level). Worn toner measures 0.25-0.35 on faded scans, bleed-through from the back of the
# sheet and paper texture under 0.07: the line sits between them with room on both sides.
INK_DARKNESS = 0.12
# Fewer letter-sized marks than this and the page carries no text: punch holes, dust, a stray
# line. Any more and the page is read, whatever it turns out to hold.
BLANK_GLYPHS = 15
# Letter height (pixels, as `text_height` measures it: the taller marks, smoothed) at which
# Tesseract reads best: that of 11-13 pt type scanned at 300 dpi, where forms measure 33-46.
# Pages are scaled to it from the height measured on the page.
TARGET_TEXT_PX = 36.0
LETTER_SPREAD = 2.5  # the taller marks' upper over lower quartile, at most, where they are letters
SCALE_RANGE = (0.7, 1.45)  # within this the page is read as it is: resampling costs and blurs
MAX_ENLARGE = 3.0
MAX_OCR_PIXELS = 40_000_000  # an enlarged page stays below this (memory and time of one call)
# Scanner grain (share of the page in specks that smoothing removes) above which the page is
# smoothed and its bare paper whitened before binarisation: Otsu turns grain into specks.
GRAINY = 0.01
BLACK_PAPER = 16  # paper level (0-255) at or under which no paper shows: a shadow or a lid
BLACK_SHARE = 0.25  # share of a page that black from which its paper is measured without it
SPECKLED = 0.01  # share of a page's area in dark specks a 3-pixel median removes
SPECK_PX = 4  # pixels: a mark this small standing alone is a speck, not a letter's dot (6-20 px at 300 dpi)
SPECKS_ALONE = 0.008  # share of a page's area in such marks from which the page is speckled
# Ink above the x-height band against ink below it: upright text has ascenders, capitals and
# the marks stacked on Vietnamese vowels above; the few descenders and dots below weigh less.
UPRIGHT_RATIO = 1.5
UPSIDE_DOWN_RATIO = 1 / UPRIGHT_RATIO
# ... from which the layout is sure a page is upright, however badly it reads: grainy and
# blurred pages of the outside corpus measure 4 to 11, a faded card upside down under grain 1.6
UPRIGHT_SURE = 3.0
# A column of a box grid inked over this share of the grid's height is a wall between boxes:
# a digit inside a box leaves the box's margins above and below it.
GRID_WALL = 0.9
BOX_WALLS = 8  # bars at an even pitch that make a row of boxes (an id prints 9 or 12 digits)
# Share of ink over which an area is solid dark, not text: a dark scanner lid, a shadow or an
# uneven light thresholded to black on a 1-bit scan, a photo. Strokes leave paper between them
# at any size that reaches OCR (letters are scaled to TARGET_TEXT_PX, strokes stay under 10 px).
SOLID_INK = 0.6
SOLID_PX = 56  # side (pixels) of the smallest square of solid ink that is wiped


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """8-connected components with their stats, as cv2.connectedComponentsWithStats gives them.
    Grana's block-based labelling: the same components at a third of the default's time on
    one thread, and pages call this several times."""
    return cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_GRANA)


@dataclass
class Prepared:
    image: np.ndarray  # what OCR reads: gray or binary, upright, deskewed
    quality: Quality


# Colour: a red seal reads in red light, where its ink vanishes and black text under it stays.
# A seal is red standing this far (levels) above both other channels, in a round mark whose
# diameter is this share of the page's shorter side: a 30-42 mm seal on A4 is 0.14-0.2, on A5
# up to 0.28. Titles, serials and ids printed in red are long, thin or small; frames larger.
# (Lifting pale tints, security backgrounds, to paper the same way was measured and dropped:
# it thinned red titles softened by JPEG until they no longer read, and the real guilloche
# specimens carry their pattern in near-gray, which colour cannot tell from ink.)
SEAL_REDNESS = 50
SEAL_SIZE = (0.12, 0.45)
SEAL_ROUNDNESS = 1.6  # longer side over shorter side of the seal's box, at most
# Share of its box that a seal's red ink covers, at most: a ring of letters round a star leaves
# most of it paper (0.1-0.2 measured, fresh or worn); the national emblem printed in red on
# cards and forms is a filled disc (0.65-0.75), and is no seal.
SEAL_INK = 0.45
COLOURLESS = 16  # red against the other channels (levels) that noise and JPEG reach on a gray page stored as RGB


def ink_gray(img: np.ndarray) -> np.ndarray:
    """8-bit gray of a rendered page: its luminance, with red seals read in red light. A gray
    page is returned as it is."""
    if img.ndim == 2:
        return img
    lum = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    r, g, b = cv2.split(img)
    others = cv2.max(g, b)
    if float(np.percentile(cv2.absdiff(r, others)[::4, ::4], 99.9)) < COLOURLESS:
        return lum
    for x, y, w, h in seals(r, others):
        lum[y:y + h, x:x + w] = np.maximum(lum[y:y + h, x:x + w], r[y:y + h, x:x + w])
    return lum


def seals(red: np.ndarray, others: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the round red seals on a page, from its red channel and the
    brighter of its other two. Found on a quarter-size mask of red ink closed over the gaps
    between the ring, the star and the curved letters, so that a seal is one round mark."""
    if min(red.shape) < 16:
        return []
    mask = (cv2.subtract(red, others) > SEAL_REDNESS).astype(np.uint8)
    small = cv2.resize(mask, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    if not small.any():
        return []
    short = min(small.shape)
    k = max(3, short // 60)  # about 3 mm on A4: the gap between a seal's ring and its letters
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    out = []
    for x, y, w, h, _ in components(closed)[2][1:]:
        side = max(w, h)
        if (SEAL_SIZE[0] * short <= side <= SEAL_SIZE[1] * short and side <= SEAL_ROUNDNESS * min(w, h)
                and small[y:y + h, x:x + w].mean() <= SEAL_INK):
            pad = side // 10
            x0, y0 = max(0, x - pad), max(0, y - pad)
            out.append((4 * x0, 4 * y0, 4 * (w + 2 * pad), 4 * (h + 2 * pad)))
    return out


def paper_level(gray: np.ndarray) -> np.ndarray:
    """The paper's own brightness at every pixel: text and thin rules taken out by a local
    maximum, then smoothed. Worked out at a quarter of the size: it varies slowly."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 5)  # scanner noise would lift a plain maximum above the paper
    bg = cv2.medianBlur(cv2.dilate(small, np.ones((15, 15), np.uint8)), 15)
    return cv2.resize(bg, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)


def normalise(gray: np.ndarray) -> np.ndarray:
    """The page on white paper: uneven light, gray or yellowed paper divided out, and faded
    ink brought back to the contrast of fresh toner. Worked in 8 bits with OpenCV's divide and
    a lookup table: the same page as float arithmetic to within 2 gray levels, at a third of
    the time."""
    bg = np.maximum(paper_level(gray), 1)
    # the local maximum sits above the paper's mean by the grain's spread: most of a page is
    # paper, so its median darkness is that offset, and the paper is lifted by it to white.
    # Measured where there is paper: a shadow thresholded to black over half the page made the
    # median black, the offset 1 and the division fail (425 pages with shadows, desks and lids:
    # none measures otherwise)
    gray4, bg4 = gray[::4, ::4], bg[::4, ::4]
    paper = bg4 > BLACK_PAPER
    sample = np.minimum(gray4[paper].astype(np.float32) / bg4[paper], 1.0)
    offset = float(np.median(1.0 - sample)) if sample.size else 0.0
    out = cv2.divide(gray, bg, scale=255.0 / (1.0 - offset) if offset > 0 else 255.0)  # saturates at white
    inv = 255 - out  # darkness, 0 (paper) to 255 (black)
    smooth = cv2.GaussianBlur(inv[::2, ::2], (3, 3), 0)  # grain averages out, strokes stay dark
    ink = smooth[smooth > 255 * INK_DARKNESS]
    if ink.size > 0.001 * smooth.size:
        strong = float(np.percentile(ink, 90)) / 255  # the dark end of the strokes
        if strong < 0.6:  # worn toner, a light scan: stretch the ink, not the paper
            gain = 0.85 / max(strong, INK_DARKNESS)
            out = cv2.LUT(inv, (255 - np.minimum(np.arange(256) * gain, 255)).astype(np.uint8))
    return out


def ink_mask(gray: np.ndarray, full_size: bool = True) -> np.ndarray:
    """Ink as 1, on a page already normalised. Smoothed first (a 5-pixel Gaussian at full size
    averages scanner noise down to a third while a stroke keeps its darkness; 3 pixels on a
    half-size copy, where more would merge small letters), so that noise on a blank or grainy
    page does not make marks of its own."""
    k = 5 if full_size else 3
    g = cv2.GaussianBlur(gray, (k, k), 0)
    sample = g[::4, ::4].astype(np.float32)
    black = sample <= BLACK_PAPER
    if black.mean() >= BLACK_SHARE:
        # the paper and its grain measured where the page is not black: a lamp's shadow
        # thresholded to black over half the page spread them so wide that no letter, nor the
        # shadow, counted as ink (the page judged blank and lost; at 43%, the lit half's letters
        # missed and whited out as grain). Less black (a card's photo and dark print, 2-10% of
        # the real cards) is measured with the page: left out, two cards read worse
        sample = sample[~black]
        if not sample.size:  # black all over: no paper to measure ink against
            return (g < 255 * (1 - INK_DARKNESS)).astype(np.uint8)
    paper = float(np.median(sample))
    spread = 1.4826 * float(np.median(np.abs(sample - paper)))  # the grain left after smoothing
    return (g < min(255 * (1 - INK_DARKNESS), paper - 4 * spread)).astype(np.uint8)


def grain(gray: np.ndarray) -> float:
    """Share of the page in dark specks that smoothing removes: scanner grain, not strokes."""
    raw = gray < 255 * (1 - INK_DARKNESS)
    return float(raw.mean()) - float(ink_mask(gray).mean())


def speckled(gray: np.ndarray) -> bool:
    """Salt-and-pepper noise over the page (a worn copier, a 1-bit fax, a noisy sensor): over
    SPECKLED of the page in dark specks a 3-pixel median removes, most of them marks of 4
    pixels or fewer standing alone. Letters' strokes survive that median; the specks would be
    measured as letters (the page enlarged twice over) and read, slowly, as junk. A clean page
    loses under 0.5% of its area so; a guilloche background 1.3-2.4% (its fine lines), but in
    marks of its own length, 0.5% in specks; a noisy page 1-3%, all specks."""
    return _speckled(gray, cv2.medianBlur(gray, 3))


def despeckled(gray: np.ndarray) -> np.ndarray:
    """The page through a 3-pixel median where it is `speckled`, else the page itself."""
    median = cv2.medianBlur(gray, 3)
    return median if _speckled(gray, median) else gray


def _speckled(gray: np.ndarray, median: np.ndarray) -> bool:
    dark = gray < 128
    if float((dark & (median >= 128)).mean()) <= SPECKLED:
        return False
    _, _, stats, _ = components(dark.astype(np.uint8))
    area = stats[1:, cv2.CC_STAT_AREA]
    return float(area[area <= SPECK_PX].sum()) / gray.size > SPECKS_ALONE


def _letters(mask: np.ndarray) -> np.ndarray:
    """Heights of the marks of letter shape and size (not rules, frames, photos or specks)."""
    _, _, stats, _ = components(mask)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    ok = (h >= 4) & (w >= 2) & (h <= 300) & (w <= 3 * h) & (h <= 6 * w)
    return h[ok]


def text_height(heights: np.ndarray) -> float | None:
    """Letter height in pixels: the median of the taller marks (marks, dots and accents are
    separate marks and would halve a plain median). Letters are of a few heights, so the taller
    marks' quartiles lie close (at most 2.1 apart on 1,526 pages of 13 outside seeds but two);
    where they spread wider, the tallest are a photo's outline, a star, a fingerprint box's
    rings among few letters (a card copied in black and white, its words merged into few
    marks: 3.1), and are left out until the rest are letters."""
    if heights.size < BLANK_GLYPHS:
        return None
    while True:
        tall = heights[heights >= 0.5 * np.percentile(heights, 90)]
        q25, q75 = np.percentile(tall, [25, 75])
        if q75 <= LETTER_SPREAD * q25 or heights.size < 2 * BLANK_GLYPHS:
            return float(np.median(tall))
        heights = heights[heights < np.percentile(heights, 90)]


def ocr_scale(norm: np.ndarray) -> float:
    """Factor that brings the page's letters to TARGET_TEXT_PX, or 1.0 when they are near it.
    Measured at full size: at half size neighbouring letters merge into one mark."""
    h = text_height(_letters(ink_mask(norm)))
    if h is None:
        return 1.0
    f = TARGET_TEXT_PX / h
    if SCALE_RANGE[0] <= f <= SCALE_RANGE[1]:
        return 1.0
    f = min(f, MAX_ENLARGE, (MAX_OCR_PIXELS / norm.size) ** 0.5)
    return max(f, 0.3)


def half_size(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a half-size copy of a normalised page, its ink mask): what the measures work on."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return small, ink_mask(small, full_size=False)


def measure(gray: np.ndarray, dpi: int, half: tuple[np.ndarray, np.ndarray] | None = None) -> Quality:
    """Quality figures of a normalised page; blank when it holds too few letter-sized marks.
    `half` is its `half_size` when the caller already has it."""
    small, mask = half or half_size(gray)
    lo, hi = np.percentile(small[::2, ::2], [5, 95])  # a figure for the record: a sample is enough
    _, spread = cv2.meanStdDev(cv2.Laplacian(small, cv2.CV_32F))
    return Quality(width=int(gray.shape[1]), height=int(gray.shape[0]), dpi=int(dpi),
                   blur=float(spread[0, 0]) ** 2, ink=float(mask.mean()),
                   contrast=float(hi - lo), blank=_letters(mask).size < BLANK_GLYPHS)


def _rotate_small(mask: np.ndarray, angle: float) -> np.ndarray:
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)


def _sharpest(mask: np.ndarray, angles: np.ndarray) -> float:
    """Of `angles` (degrees, counter-clockwise), the one at which the mask's row profile
    alternates most sharply: where text lines lie level. The ink points are turned, not the
    image: the same profile as turning the mask, at a third of the time."""
    h, w = mask.shape
    ys, xs = np.nonzero(mask)
    xs = xs.astype(np.float32) - w / 2
    ys = ys.astype(np.float32) - h / 2
    scores = []
    for a in np.deg2rad(angles):
        # the row a point lands on when the mask turns by `a` about its centre
        rows = np.rint(np.cos(a) * ys - np.sin(a) * xs + h / 2).astype(np.int64)
        prof = np.bincount(rows[(rows >= 0) & (rows < h)], minlength=h).astype(np.float64)
        scores.append(float(np.square(np.diff(prof)).sum()))
    return float(angles[int(np.argmax(scores))])


def skew_angle(mask: np.ndarray, limit: float = 12.0) -> float:
    """Angle (degrees, counter-clockwise positive) that makes text lines horizontal: the one
    whose row profile is sharpest. Coarse search on a quarter page, then refined on a half
    page. The range covers a card laid crooked on the scanner glass."""
    quarter = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    best = _sharpest(quarter, np.arange(-limit, limit + 1e-9, 0.4))
    return _sharpest(mask, np.arange(best - 0.4, best + 0.4 + 1e-9, 0.05))


def glyphs_only(mask: np.ndarray, max_size: int = 60, min_size: int = 6) -> np.ndarray:
    """The mask without frames, table rules, photos and QR codes (too big) and without dots
    (too small: dotted leaders and specks sit on the baseline and blur the up/down test):
    only components of letter size, which is what the direction of text lines is read from."""
    n, labels, stats, _ = components(mask)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    keep = (w < max_size) & (h < max_size) & (np.maximum(w, h) >= min_size)
    keep[0] = False
    return keep[labels].astype(np.uint8)


def _blobs(mask: np.ndarray, kernel: tuple[int, int]) -> int:
    dilated = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    return cv2.connectedComponentsWithAlgorithm(dilated, 8, cv2.CV_32S, cv2.CCL_GRANA)[0] - 1


def lines_run_across(mask: np.ndarray) -> float:
    """How much more letters merge when smeared sideways than up and down: well above 1 when
    text lines run across the image, below 1 when the page lies on its side. The smear is a
    fraction of the letters' own size: wide enough to close the gaps between the letters of a
    word, too short to bridge the space between lines, whatever the print size."""
    _, _, stats, _ = components(mask)
    size = float(np.median(np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]))) \
        if len(stats) > 1 else 18.0
    k = int(np.clip(round(0.5 * size), 3, 15))
    across, down = _blobs(mask, (k, 1)), _blobs(mask, (1, k))
    return (down + 1) / (across + 1)


SIDEWAYS_RATIO = 0.67  # lines_run_across below which the page lies on its side


def sideways_turn(across: float) -> int:
    """The turn the layout gives a page from its across_measure: 0 when text lines run across
    the page, 90 when it lies on its side (which side is settled by `up_down` once the lines are
    level)."""
    return 90 if across < SIDEWAYS_RATIO else 0


def across_measure(mask: np.ndarray) -> float:
    """lines_run_across of the page's letter-sized marks; 1 (undecided) where it has too few."""
    mask = glyphs_only(mask)
    return lines_run_across(mask) if mask.sum() >= 200 else 1.0


def up_down(mask: np.ndarray) -> float:
    """Ink above the x-height band of each text line against ink below it, over the page:
    well above 1 when the text is upright, well below when it is upside down. Lines are the
    bands of the row profile of letter-sized marks, on a level (deskewed) mask."""
    prof = glyphs_only(mask, min_size=2).sum(axis=1).astype(np.float64)  # marks count: they sit above
    if prof.max() <= 0:
        return 1.0
    on = prof > max(1.0, 0.02 * prof.max())
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    above = below = 0.0
    for a, b in zip(edges[::2], edges[1::2]):
        band = prof[a:b]
        if b - a < 4:
            continue
        core = np.flatnonzero(band >= 0.5 * band.max())  # the x-height band: most ink per row
        above += band[: core[0]].sum()
        below += band[core[-1] + 1:].sum()
    return (above + 1.0) / (below + 1.0)


def turn(img: np.ndarray, degrees: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(img, codes[degrees]) if degrees in codes else img


def scale(gray: np.ndarray, factor: float) -> np.ndarray:
    return cv2.resize(gray, None, fx=factor, fy=factor,
                      interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)


def sharpened(gray: np.ndarray, sigma: float) -> np.ndarray:
    """An unsharp mask: the gray less its Gaussian blur of `sigma` pixels, added once more.
    Steepens the edges of soft strokes without thresholding them."""
    return cv2.addWeighted(gray, 2.0, cv2.GaussianBlur(gray, (0, 0), sigma), -1.0, 0)


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
    n, labels, stats, _ = components(half)
    cw, ch, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    # box grids for digits and table frames: big, hollow, and ruled by at least two long lines
    # (a word in bold may be as big, but no row of it is inked from end to end). Only the
    # rules go: bold digits touch the walls of their boxes and are part of the same mark.
    for i in np.nonzero(((cw > 150) | (ch > 150)) & (area < 0.6 * cw * ch))[0]:
        if i == 0:
            continue
        x, y = stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_TOP]
        part = labels[y:y + ch[i], x:x + cw[i]] == i
        rows, cols = part.mean(axis=1) > 0.8, part.mean(axis=0) > GRID_WALL
        walls = int(np.count_nonzero(np.diff(cols.astype(np.int8)) == 1)) + int(cols[0])
        if rows.sum() >= 2 or walls >= 4:
            rules = np.zeros_like(part)
            rules[rows, :] = part[rows, :]
            rules[:, cols] |= part[:, cols]
            wipe[y:y + ch[i], x:x + cw[i]][rules] = 255
    walls = np.zeros(len(stats), bool)
    walls[_box_walls(stats)] = True
    wipe[walls[labels]] = 255  # one lookup, not a comparison of the page per wall
    small = (cw <= 6) & (ch <= 6)
    small[0] = False
    dots = small[labels].astype(np.uint8) * 255
    for kernel, long_side in (((16, 1), cv2.CC_STAT_WIDTH), ((1, 16), cv2.CC_STAT_HEIGHT)):
        runs = cv2.morphologyEx(dots, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        m, rl, rs, _ = components(runs)
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


def wipe_solid(gray: np.ndarray) -> np.ndarray:
    """White out solidly dark areas (SOLID_INK) that reach the page's edge: a dark scanner lid,
    a shadow or uneven light thresholded to black, the desk under a photographed card.
    Tesseract reads their edges and grain as lines of junk; on a card photocopy with a dark
    border it read nothing of the card. Dark areas inside the page (a card's portrait, a logo)
    are left: Tesseract sets them aside as pictures, and wiping them leaves ragged specks
    beside the text. Worked out on 8x8 blocks: a block is dark when most of it is ink, and only
    squares of such blocks SOLID_PX wide stay after an opening."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    blocks = cv2.resize(ink, None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    k = max(1, SOLID_PX // 8)
    solid = cv2.morphologyEx((blocks > 255 * SOLID_INK).astype(np.uint8), cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    if not solid.any():
        return gray
    _, labels, stats, _ = components(solid)
    x, y, w, h = (stats[:, c] for c in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    edge = (x == 0) | (y == 0) | (x + w == solid.shape[1]) | (y + h == solid.shape[0])
    edge[0] = False
    if not edge.any():
        return gray
    wipe = cv2.dilate(edge[labels].astype(np.uint8), np.ones((3, 3), np.uint8))  # the ragged rim too
    out = gray.copy()
    out[cv2.resize(wipe, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST) > 0] = 255
    return out


def _box_walls(stats: np.ndarray) -> list[int]:
    """Components that are the walls of a row of boxes with no rule above or below them (a
    digit a box, drawn thin or broken by a coarse scan): thin upright bars of one height on
    one line, at an even pitch of about a box's height, eight or more in a row. Tesseract
    reads them as 'l', '|' or '1' between the digits."""
    x, y, w, h = (stats[:, k] for k in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    bars = [i for i in range(1, len(stats)) if 10 <= h[i] <= 80 and w[i] * 5 <= h[i]]
    bars.sort(key=lambda i: (y[i] // 4, x[i]))
    out: list[int] = []
    used: set[int] = set()
    for i in bars:
        if i in used:
            continue
        row = sorted((j for j in bars if j not in used and abs(y[j] - y[i]) <= 3 and abs(h[j] - h[i]) <= 3),
                     key=lambda j: x[j])
        run = [row[0]]
        for j in row[1:]:
            pitch = x[j] - x[run[-1]]
            if 0.5 * h[i] <= pitch <= 1.6 * h[i] and (len(run) < 2 or abs(pitch - (x[run[1]] - x[run[0]])) <= 0.2 * h[i]):
                run.append(j)
            else:
                if len(run) >= BOX_WALLS:
                    out += run
                run = [j]
        if len(run) >= BOX_WALLS:
            out += run
        used.update(row)
    return out


def binarize(gray: np.ndarray) -> np.ndarray:
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def prepare(gray: np.ndarray, dpi: int, do_binarize: bool = True, rotation: int | None = None,
            clock: Clock | None = None, lettered: bool = False) -> Prepared:
    """Measure, turn upright, deskew and (optionally) binarise one normalised page.
    `rotation` forces the turn (after OSD decided it); None decides from the layout.
    `lettered`: the page held letter-sized marks as scanned (it was reduced by their height),
    so it is no blank page, however few its reduced copy holds: a card's tint on a faded copy,
    stretched with the faint ink, made one blot of the card, whose holes measured as letters
    of 88 pixels; reduced to a third, the page measured blank and was lost."""
    clock = clock or Clock()
    with clock("measure"):
        small, mask = half = half_size(gray)
        q = measure(gray, dpi, half)
        q.blank = q.blank and not lettered
    if q.blank:
        return Prepared(image=gray, quality=q)
    with clock("orientation"):
        if rotation is None:
            q.across = across_measure(mask)
            rotation = sideways_turn(q.across)
            # the skew of text lines is the same whichever way up they are: measured once, here
            q.skew = skew_angle(turn(mask, rotation))
            # marks merged with their letters (the wider smoothing) make the clearer profile
            rough = turn(ink_mask(small, full_size=True), rotation)
            q.upright = up_down(deskew_mask(rough, q.skew))
            if q.upright <= UPSIDE_DOWN_RATIO:
                rotation = (rotation + 180) % 360
                q.upright = 1 / max(q.upright, 1e-6)  # as measured the other way up
            q.orientation_method = "layout" if rotation else ""
        else:
            q.orientation_method = "osd"
            q.skew = skew_angle(turn(mask, rotation))
        q.rotation = rotation
    with clock("clean"):
        if rotation:
            gray = turn(gray, rotation)
            mask = turn(mask, rotation)
        if grain(gray[::2, ::2]) > GRAINY:  # sampled, not averaged: averaging hides the grain
            gray = quiet_paper(cv2.medianBlur(gray, 3), mask)
        gray = remove_rules(wipe_solid(deskew(gray, q.skew)))
        image = binarize(gray) if do_binarize else gray
    return Prepared(image=image, quality=q)


def quiet_paper(gray: np.ndarray, half_mask: np.ndarray) -> np.ndarray:
    """White out the paper away from any mark of letter size: on a grainy page Tesseract
    otherwise reads the grain as thousands of specks (slow, and junk between the lines)."""
    near = cv2.dilate(glyphs_only(half_mask, max_size=150, min_size=4), np.ones((25, 25), np.uint8))
    keep = cv2.resize(near, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    out = gray.copy()
    out[~keep] = 255
    return out


def deskew_mask(mask: np.ndarray, angle: float) -> np.ndarray:
    return _rotate_small(mask, angle) if abs(angle) >= 0.05 else mask
