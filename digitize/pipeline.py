"""Runs the stages over the dossiers of a scans root.

Pages are read (render, clean, OCR) in worker processes, one per core, each Tesseract limited
to one thread, or on the workers of a Dask cluster (cluster.py). Everything about a dossier is then decided in the driver from the pages'
words, and stored in one transaction: only this process writes the database.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from . import cards, codes, digits, doctypes, imaging, marks, ocr, sources, store
from .classify import classify_page, group_pages
from .config import Settings, workers
from .crosscheck import cross_check
from .doctypes import UNKNOWN
from .extract import extract
from .layout import page_lines
from .models import CONFIDENT, Document, Dossier, PageResult, PageTask, SourceFile, Word, lines_of
from .stages import Clock

TYPE_SURE = 0.90  # below this title-match confidence the document type is flagged
CARD_SHARPEN_PX = 1.5  # blur (pixels of the card as scanned) an unsharp mask takes back from a card's print
# mean confidence (0-100) below which a card is read again sharpened: thresholded, the outside
# corpus's sharp cards read at 82-94, its blurred ones at 53-76
CARD_READS_CLEAN = 80
# A card that still reads badly is read again through a median this share of its width (5 px of
# a card cut at 300 dpi): grain as heavy as its print (a noisy copy) passes Otsu as letters' noise,
# and the card's title and id read as junk; quieted, they read (seed 1 of the outside corpus).
GRAIN_MEDIAN_SHARE = 5 / 1011
OCR_DPI = 300  # what Tesseract is told: pages reach it scaled to the text size of a 300-dpi scan
PR_SET_PDEATHSIG = 1  # linux/prctl.h
LEGIBLE_WORDS = 3  # fewer words read with confidence on a page with ink: the page is unreadable
LEGIBLE_SHARE = 0.05  # ... or fewer than this share of what was read: grain and blur read as junk
ILLEGIBLE = "the page has ink but no legible text (too blurred or noisy?): check the scan, or rescan it"
WORKER_DIED = "the process reading this page died (out of memory, or a crash in a decoder)"
PARTLY_READ = "page_partly_read"  # reason of the fields of a page kept as its cards alone
ILLEGIBLE_TITLED = "page_illegible"  # ... of a page read as junk but for its title or code: typed by it
# A page judged blank right after a document that lacks more than this share of its fields (a
# missing field that the form prints) joins it: more likely its next page, faded print lost to a
# black-and-white scan, than a blank back. On 34 outside seeds the rule took 2 of 96 pages stored
# blank, both land certificates' white page 2 (their first pages missing 70% of the fields), and
# no blank back.
MISSING_SHARE_FOR_BLANK = 0.5
BLANK_IN_DOCUMENT = "blank_page_in_document"  # ... the reason added to its fields not found
BLANK_FILE = ("every page of this file is blank: nothing to read (a back side, an empty sheet, or print too faint for "
              "a black-and-white scan?): if the paper has print, rescan it in gray; if not, remove the file")


class RootMissing(Exception):
    """The scans root does not exist or is not a folder: an environment problem (exit 3)."""


@dataclass
class Summary:
    dossiers: int = 0
    skipped: int = 0  # unchanged since the last run
    files: int = 0
    pages: int = 0
    documents: int = 0
    flagged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, error)
    seconds: float = 0.0
    run_id: int = 0
    stages: Counter = field(default_factory=Counter)  # wall seconds per stage, summed over pages
    cluster: str = ""  # the Dask scheduler's address, when the pages were read on its workers
    workers: list[str] = field(default_factory=list)  # ... and the workers that read them


class Reporter:
    """What the run tells its watcher; the CLI renders it as a progress bar or log lines."""

    def cluster(self, address: str, workers: list[str]) -> None: ...
    def start(self, dossiers: int, pages: int) -> None: ...
    def page_done(self, result: PageResult) -> None: ...
    def dossier_done(self, dossier: str, documents: list[Document], skipped: bool = False) -> None: ...
    def file_failed(self, rel: str, error: str) -> None: ...


# --- worker side ----------------------------------------------------------------------------

def private_tmp(s: Settings) -> Path:
    """The run's temporary folder, beside the store and readable by its owner only: the page
    files handed to Tesseract live there. Emptied at the start of each run (under the store's
    lock), so what a killed run left behind does not stay. Workers inherit it."""
    folder = Path(s.db).resolve().parent / f".{Path(s.db).name}.tmp"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700, parents=True)
    os.environ["TMPDIR"] = tempfile.tempdir = str(folder)
    return folder


def _init_worker(driver: int | None = None) -> None:
    # Tesseract's OpenMP threads make it 3-5x slower when one process per core already runs.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if driver is not None:
        _die_with(driver)


def _die_with(driver: int) -> None:
    """An orphaned worker waits for work forever, holding memory (and, with an older filelock,
    the store's lock): when the driver is killed, Linux kills its workers too."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: orphans end when their queue breaks
        return
    if os.getppid() != driver:  # the driver died before the request was made
        os._exit(1)


def legible_words(words) -> int:
    """Words read with confidence that have three letters or more: what a reading is worth."""
    return sum(1 for w in words if w.conf >= CONFIDENT and w.letters >= 3)


def legible(words) -> bool:
    """Some words read as words: a page with ink where OCR finds none is not blank, it is
    unreadable (too blurred, too noisy), and must be shown to a person, not merged into the
    document before it or dropped."""
    lettered = sum(1 for w in words if any(c.isalpha() for c in w.text))
    good = legible_words(words)
    return good >= LEGIBLE_WORDS and good >= LEGIBLE_SHARE * lettered


READ_WORDS = 5  # words of three letters or more from which a reading's confidence tells anything
READS_WELL = 70  # their mean confidence (0-100) from which the text reads well


def _confidence(words) -> float | None:
    """Mean confidence of the words of three letters or more, None where there are too few."""
    real = [w.conf for w in words if sum(c.isalpha() for c in w.text) >= 3]
    return sum(real) / len(real) if len(real) >= READ_WORDS else None


def reads_well(words) -> bool:
    """Upright text reads with confidence; text upside down or sideways reads as junk."""
    conf = _confidence(words)
    return conf is not None and conf >= READS_WELL


def reads_badly(words) -> bool:
    """Words enough, read without confidence: a page of text that OCR did not make out (a
    sparse page, a plan or a stamp, is not one)."""
    conf = _confidence(words)
    return conf is not None and conf < READS_WELL


def page_for_ocr(task: PageTask, s: Settings, clock: Clock | None = None) -> tuple:
    """(gray page on white paper, its resolution as scanned, its resolution as read). Red
    seals are taken out (imaging.ink_gray), then paper tone, uneven light and faded ink
    normalised (imaging.normalise). The page is scaled by
    the height of its own letters, not by the dpi its file claims (a phone photo says 72 or
    96): small print and coarse scans are enlarged, over-resolved pages reduced, so Tesseract
    always sees text of the size it reads best. The review's page view calls this too, so
    stored boxes fall on the same pixels."""
    raw, scan_dpi = scanned_gray(task, s, clock)
    gray, _ = for_ocr(raw, clock)
    return gray, scan_dpi, OCR_DPI


def scanned_gray(task: PageTask, s: Settings, clock: Clock | None = None) -> tuple:
    """(the page in gray as scanned, red seals taken out; its resolution as scanned)."""
    clock = clock or Clock()
    with clock("render"):
        image, dpi = sources.render(task, s)
    with clock("normalise"):
        raw = imaging.ink_gray(image)
    return raw, dpi if dpi >= 100 else s.dpi


def for_ocr(raw, clock: Clock | None = None, despeckle: bool = True) -> tuple:
    """(the page normalised and scaled to the text size Tesseract reads best, the factor).
    A page under salt-and-pepper specks is cleaned by a 3-pixel median first, at its own size:
    the specks would be measured as small letters, and read, slowly, as junk (a 3-pixel median
    applied after enlarging leaves enough of them that Tesseract took 80-160 s a page, and
    read fewer words). `despeckle` False for a card cut out: its guilloche counts as specks.

    Noise only ever adds marks smaller than letters, so of the text heights measured before
    and after the median the taller holds: heavy gray grain passes for specks, and the median
    leaves it in clumps that measured as letters of 8 pixels (a page of 36-pixel print enlarged
    2.1 times, read for two minutes as junk)."""
    with (clock or Clock())("normalise"):
        gray = imaging.normalise(raw)
        factor = imaging.ocr_scale(gray)
        if despeckle:
            cleaned = imaging.despeckled(gray)
            if cleaned is not gray:
                factor, gray = min(factor, imaging.ocr_scale(cleaned)), cleaned
        if factor != 1.0:
            gray = imaging.scale(gray, factor)
    return gray, factor


def read_page(task: PageTask, s: Settings) -> PageResult:
    """Render, clean and read one page. Never raises: a failure is the page's error."""
    t0 = time.perf_counter()
    result = PageResult(task.dossier, task.file_rel, task.page)
    clock = Clock()
    try:
        raw, scan_dpi = scanned_gray(task, s, clock)
        gray, factor = for_ocr(raw, clock)
        dpi = OCR_DPI
        lettered = factor < 1.0  # reduced by the letters measured on it: no blank page (imaging.prepare)
        prep = imaging.prepare(gray, scan_dpi, s.binarize, clock=clock, lettered=lettered)
        result.quality = prep.quality
        with clock("cards"):
            quads = [] if prep.quality.blank else cards.find_cards(raw)
        with clock("codes"):
            result.codes = codes.read_codes(gray, card=bool(quads))
        image = prep.image
        scale_back = 1.0  # from the pixels the words were read in to those of `gray`
        timed_out = False
        if not prep.quality.blank:
            with clock("ocr"):
                try:
                    result.words = ocr.read_words(image, dpi, s.lang, s.psm, s.ocr_timeout)
                except subprocess.TimeoutExpired:
                    # grain enlarged with a card's small print can outlast the timeout: the cards
                    # are read alone below, and the page is kept as them, its fields flagged
                    if not quads:
                        raise
                    timed_out = True
        if not prep.quality.blank and not timed_out and not reads_well(result.words):
            # The text reads badly: perhaps the layout misjudged which way is up (a small card
            # on a large page gives it little to go on, a blurred one's guilloche less). Ask
            # Tesseract's orientation detection (as costly as OCR, so only here), and where the
            # layout had turned the page, read it as scanned too: OSD is wrong on such pages as
            # often as the layout. The reading with the most legible words is kept.
            rotation = prep.quality.rotation
            with clock("osd"):
                turned = ocr.osd_rotation(imaging.turn(gray, rotation), dpi, s.ocr_timeout)
            others = other_orientations(rotation, turned, any(cards.sideways(q, rotation) for q in quads),
                                        prep.quality.upright)

            def read_turned(other: int, method: str) -> None:
                nonlocal image
                again = imaging.prepare(gray, scan_dpi, s.binarize, rotation=other, clock=clock, lettered=lettered)
                with clock("ocr_again"):
                    words = ocr.read_words(again.image, dpi, s.lang, s.psm, s.ocr_timeout)
                if legible_words(words) > legible_words(result.words):
                    again.quality.orientation_method = method
                    result.quality, result.words, image = again.quality, words, again.image

            for other, method in others.items():
                read_turned(other, method)
            if not legible(result.words) and 0 < prep.quality.across < 1:
                # junk every way tried, where the layout leaned sideways without deciding (its
                # letters merge more up and down than across): a blurred page lying on its side
                # measured 0.71 (114 upright pages of one seed: median 3.7, under 1.2 only cards,
                # which read in the end) and read as a certificate at 90°; 2 pages of 583 come here
                for other in [r for r in (0, 90, 180, 270) if r != rotation and r not in others]:
                    read_turned(other, "reading")
        if not prep.quality.blank and not timed_out and not reads_well(result.words):
            with clock("ocr_again"):
                joined = read_joined(raw, scan_dpi, factor, result, s, clock)
            if joined:
                image, scale_back = joined
        if not result.quality.blank and not result.codes and not reads_well(result.words):
            with clock("codes"):
                # a page that reads badly may be typed and read by its code alone: looked for again
                # at the scan's own size (a faded card's QR code in dots)
                result.codes = codes.read_codes(raw, full_size=True)
        if not result.quality.blank:
            with clock("marks"):
                result.words = marks.reread_capitals(image, result.words, dpi, s.lang, s.ocr_timeout)
            with clock("digits"):
                result.words = digits.reread_numbers(image, result.words, dpi, s.lang, s.ocr_timeout)
            if scale_back != 1.0:
                result.words = [Word(w.text, w.conf, tuple(round(v * scale_back) for v in w.bbox), w.line)
                                for w in result.words]
            with clock("cards"):
                read_cards(raw, quads, factor, gray.shape, result, s, scan_dpi)
        if timed_out and result.words:
            result.note = f"only its identity cards were read: {_too_long(s)} on the whole page"
        elif timed_out:
            result.error = _too_long(s)
    except (sources.FileError, ocr.EngineError) as e:  # their messages never quote the page
        result.error = str(e)
    except subprocess.TimeoutExpired:
        result.error = _too_long(s)
    except Exception as e:  # a hostile page must not stop the batch
        result.error = f"cannot read page ({_where(e)})"
    result.seconds = time.perf_counter() - t0
    result.stages = clock.seconds
    return result


DOTS_JOINED = 0.5  # scale of the copy read where a page reads badly (its pixels averaged by area)


def read_joined(raw, scan_dpi: int, factor: float, result: PageResult, s: Settings,
                clock: Clock) -> tuple | None:
    """(the image the page's words are now read from, the factor from its pixels to the page's as
    read first), or None where the first reading stays. A page that reads badly every way is read again from a copy reduced by
    averaging its pixels: faded ink copied in black and white is left in scattered dots, which
    Tesseract reads as junk at full size (a receipt's page, 9 words legible of 228) and the
    average joins back into strokes (44 legible, every line). Kept where more words read."""
    small = cv2.resize(raw, None, fx=DOTS_JOINED, fy=DOTS_JOINED, interpolation=cv2.INTER_AREA)
    gray, factor_small = for_ocr(small, clock)
    again = imaging.prepare(gray, scan_dpi, s.binarize, clock=clock, lettered=True)
    words = ocr.read_words(again.image, OCR_DPI, s.lang, s.psm, s.ocr_timeout)
    if legible_words(words) <= legible_words(result.words):
        return None
    q, turned = result.quality, again.quality  # the page's figures stay those measured on it
    q.rotation, q.skew, q.orientation_method = turned.rotation, turned.skew, turned.orientation_method
    result.words = words
    return again.image, factor / (DOTS_JOINED * factor_small)


def other_orientations(rotation: int, turned: int | None, card_sideways: bool,
                       upright: float) -> dict[int, str]:
    """The turns (degrees) to read a page at again, each with what suggests it, where its reading
    at `rotation` (the layout's, `upright` its measure) reads badly and OSD says to turn it by
    `turned` (None: unsure)."""
    others = {(rotation + turned) % 360: "osd"} if turned else {}
    if rotation:
        others.setdefault(0, "reading")
    elif turned is None and upright < imaging.UPRIGHT_SURE:
        # OSD unsure too (faded print, grain) on a page the layout left as scanned, unsure of it
        # as well: it may lie upside down. A grainy page the layout is sure of is not read
        # again: a whole page of grain costs as much as the rest of its dossier.
        others.setdefault(180, "reading")
    if rotation in (90, 270) and not turned:
        # sideways, and OSD cannot tell which way: the layout tells sideways from upright far
        # better than left from right, so the other side is read too
        others.setdefault((rotation + 180) % 360, "reading")
    if not turned and card_sideways:
        # a card standing on its short side on a page of little else: the page lies sideways,
        # whichever way the layout of so few lines said
        for side in (90, 270):
            others.setdefault((rotation + side) % 360, "card")
    return others


def _too_long(s: Settings) -> str:
    return f"tesseract took longer than {s.ocr_timeout} s (ocr_timeout)"


def read_cards(raw, quads: list, factor: float, shape: tuple[int, int], result: PageResult, s: Settings,
               scan_dpi: int) -> None:
    """Identity cards lying on the page (a photocopy, a scan on A4) read alone: cut out from the
    scan, turned square, enlarged to their own letter height. Where a card reads better so, its
    words replace the page's words over it, their boxes mapped back onto the page as read
    (scaled by `factor`, turned, deskewed), and its lines stand where the card stands."""
    if not quads:
        return
    h, w = shape
    q = result.quality
    to_page = cards.skew_matrix(*cards.turned_size(w, h, q.rotation), q.skew)

    def on_page(points):
        return cards.apply(to_page, cards.turn_points(points * factor, q.rotation, w, h))

    words = result.words
    blocks: list[tuple[float, list[list[Word]]]] = []
    for quad in quads:
        region = on_page(quad)
        corners = cards.upright_corners(region)
        if corners is None:
            continue
        order = [int(np.argmin(np.linalg.norm(region - c, axis=1))) for c in corners]
        card, to_raw = cards.rectify(raw, quad[order])
        card_words, to_card = _read_card(card, s, scan_dpi)
        covered = [wd for wd in words if cards.inside(_centre(wd), region)]
        gone = {id(wd) for wd in covered}
        if legible_words(card_words) <= legible_words(covered):
            continue
        lines: dict[int, list[Word]] = {}
        for wd in card_words:
            box = cards.box_of(on_page(cards.apply(to_raw, to_card(cards.corners_of(wd.bbox)))))
            lines.setdefault(wd.line, []).append(Word(wd.text, wd.conf, box, 0))
        blocks.append((float(region[:, 1].min()), [lines[k] for k in sorted(lines)]))
        result.codes += [c for c in codes.read_codes(card, card=True) if c not in result.codes]
        words = [wd for wd in words if id(wd) not in gone]
    if not blocks:
        return
    blocks += [(min(wd.bbox[1] for wd in ws), [ws]) for ws in lines_of(words)]
    blocks.sort(key=lambda b: b[0])
    result.words = [Word(wd.text, wd.conf, wd.bbox, n)
                    for n, ws in enumerate(ws for _, block in blocks for ws in block) for wd in ws]


def _read_card(card, s: Settings, scan_dpi: int) -> tuple[list[Word], Callable]:
    """(the words of a cut-out card, a function taking points of their boxes back to the
    cut-out): read as it is, and where that reads badly, again with its grain quieted by a
    median (which moves no pixel: the boxes map back alike); the more legible reading is kept."""
    words, to_card = _read_card_once(card, s, scan_dpi)
    if not reads_well(words):
        side = max(3, round(GRAIN_MEDIAN_SHARE * max(card.shape[:2]))) | 1
        again, to_again = _read_card_once(cv2.medianBlur(card, side), s, scan_dpi)
        if legible_words(again) > legible_words(words):
            return again, to_again
    return words, to_card


def _read_card_once(card, s: Settings, scan_dpi: int) -> tuple[list[Word], Callable]:
    """One reading of a cut-out card, as _read_card returns it. Read upright; upside down where
    that reads badly (the card lay turned on the page), keeping the reading with more legible words.

    A card read without full confidence is read again in gray, sharpened, not thresholded: its
    print is small, so the blur of a scan or a photo is a large share of its strokes, and Otsu
    on such strokes fills the loops of 8, 6, a, e (an 8 read 0 or 6, 'Nam' read 'Nem').
    Tesseract's own thresholding of the sharpened gray keeps them: on 16 blurred cards of the
    outside corpus, 85 of 112 printed values read whole against 55. The reading with the
    higher confidence is kept. A sharp card keeps its thresholded reading: read in gray, as
    sure of itself, it misread an id's digit on 5 of some 100 cards."""
    gray, factor = for_ocr(card, despeckle=False)
    best: tuple | None = None
    for rotation in (0, 180):
        prep = imaging.prepare(gray, scan_dpi, False, rotation=rotation)
        image = imaging.binarize(prep.image) if s.binarize else prep.image
        words = ocr.read_words(image, OCR_DPI, s.lang, s.psm, s.ocr_timeout)
        if best is None or legible_words(words) > legible_words(best[0]):
            best = (words, rotation, prep.quality.skew, image, prep.image)
        if reads_well(words):
            break
    words, rotation, skew, image, unthresholded = best
    conf = _confidence(words)
    if conf is not None and conf < CARD_READS_CLEAN:
        sharp = imaging.sharpened(unthresholded, CARD_SHARPEN_PX * max(factor, 1.0))
        again = ocr.read_words(sharp, OCR_DPI, s.lang, s.psm, s.ocr_timeout)
        if (_confidence(again) or 0) > conf:
            words, image = again, sharp
    words = marks.reread_capitals(image, words, OCR_DPI, s.lang, s.ocr_timeout)
    words = digits.reread_numbers(image, words, OCR_DPI, s.lang, s.ocr_timeout)
    h, w = gray.shape
    turned_w, turned_h = cards.turned_size(w, h, rotation)
    unskew = cv2.invertAffineTransform(cards.skew_matrix(turned_w, turned_h, skew))

    def to_card(points):
        return cards.turn_points(cards.apply(unskew, points), (360 - rotation) % 360, turned_w, turned_h) / factor
    return words, to_card


def _centre(word: Word) -> tuple[float, float]:
    x0, y0, x1, y1 = word.bbox
    return (x0 + x1) / 2, (y0 + y1) / 2


# --- driver side ----------------------------------------------------------------------------

def assemble(dossier: str, pages: list[PageResult], failed: list[SourceFile], s: Settings) -> list[Document]:
    """Pages of one dossier, in order, into typed documents with checked fields."""
    docs: list[Document] = []
    readable: list[PageResult] = []

    def flush() -> None:
        if not readable:
            return
        classes = [classify_page(p) for p in readable]
        groups = group_pages(classes, [p.quality.blank for p in readable], [reads_badly(p.words) for p in readable],
                             [p.file_rel for p in readable])
        # a blank page before a document that opens on an inner page (typed by its body) is its
        # first page, faded out of a black-and-white scan (outside seed 199: a land certificate's
        # first page white, its second read), rather than the next page of the one before
        first_lost = {g.pages[0] - 1 for g in groups if g.pages[0] > 0 and readable[g.pages[0] - 1].quality.blank
                      and not classes[g.pages[0]].starts_document and g.doc_type != UNKNOWN}
        for g in groups:
            group = [readable[i] for i in g.pages]
            lines = [ln for n, p in enumerate(group, 1) for ln in page_lines(p, n)]
            doc = Document(dossier, g.doc_type, g.confidence, [(p.file_rel, p.page) for p in group])
            doc.fields = extract(g.doc_type, lines, g.title, s.flag_threshold,
                                 [c for p in group for c in p.codes], dossier=dossier)
            illegible = any(not legible(p.words) for p in group)  # typed by its title alone (_titled)
            partly = any(p.note for p in group)  # kept as its cards after the OCR timeout
            for reason in [r for r, applies in ((PARTLY_READ, partly), (ILLEGIBLE_TITLED, illegible)) if applies]:
                for f in doc.fields.values():
                    if f.value:  # every value for a person to confirm against the scan
                        f.flagged = True
                        f.reasons.append(reason)
            if illegible:
                doc.flags.append(ILLEGIBLE_TITLED)
            after, before = g.pages[-1] + 1, g.pages[0] - 1
            if after < len(readable) and readable[after].quality.blank and after not in first_lost and _lacks_most(doc):
                doc.pages.append((readable[after].file_rel, readable[after].page))
                blank_in(doc)
            if before in first_lost:
                doc.pages.insert(0, (readable[before].file_rel, readable[before].page))
                blank_in(doc)
            if g.doc_type == UNKNOWN:
                doc.flags.append("unknown_type")
            elif g.confidence < TYPE_SURE:
                doc.flags.append("doc_type_uncertain")
            docs.append(doc)
        readable.clear()

    for p in pages:
        error = p.error or (None if p.quality.blank or legible(p.words) or _titled(p) else ILLEGIBLE)
        if error:
            flush()  # an unreadable page ends the document before it: nothing is guessed across it
            docs.append(Document(dossier, UNKNOWN, 0.0, [(p.file_rel, p.page)], status="failed",
                                 error=f"page {p.page}: {error}"))
        else:
            readable.append(p)
    flush()
    for f in failed:
        docs.append(Document(dossier, UNKNOWN, 0.0, [(f.rel, 1)], status="failed", error=f.error))
    # A file with no page but blank ones would leave no trace in the records: one says so. A
    # single blank image beside others is a back side scanned as its own page, and is not, unless
    # it holds not one mark: a black-and-white scan, where faded print vanishes whole (a one-page
    # marriage certificate on outside seed 100, a residence paper on 116), while a gray or colour
    # scan keeps it faint for normalisation to bring back. A person looks at that paper.
    kept = {pg for d in docs for pg in d.pages}
    by_file: dict[str, list[PageResult]] = {}
    for p in pages:
        by_file.setdefault(p.file_rel, []).append(p)
    for rel, ps in by_file.items():
        if (len(ps) > 1 or len(by_file) == 1 or ps[0].quality.contrast <= 0) and \
                all(p.quality.blank and not p.error and (p.file_rel, p.page) not in kept for p in ps):
            docs.append(Document(dossier, UNKNOWN, 0.0, [(rel, p.page) for p in ps], status="failed",
                                 error=BLANK_FILE))
    cross_check(docs, s.flag_threshold)
    for d in docs:
        if d.status != "failed":
            d.status = "needs_review" if d.flags or any(f.flagged for f in d.fields.values()) else "ok"
    return docs


def blank_in(doc: Document) -> None:
    """The reason a blank page kept in the document gives the fields it did not find."""
    for f in doc.fields.values():
        if f.value is None and "not_printed" not in f.reasons and BLANK_IN_DOCUMENT not in f.reasons:
            f.reasons.append(BLANK_IN_DOCUMENT)


def _lacks_most(doc: Document) -> bool:
    """More than MISSING_SHARE_FOR_BLANK of the fields its form prints were not found."""
    printed = [f for f in doc.fields.values() if "not_printed" not in f.reasons]
    missing = sum(1 for f in printed if f.value is None)
    return bool(printed) and missing > MISSING_SHARE_FOR_BLANK * len(printed)


def _titled(page: PageResult) -> bool:
    """A page read as junk but for a title of one of the types, read surely: a card under heavy
    blur and grain ('CĂN CƯỚC CÔNG DẪN'); or but for a code of one, decoded: a chip card copied
    in black and white under a lamp, its guilloche a moiré over every letter, whose QR code
    reads (it holds the card's id, name, birth date, sex and residence). It is that type's
    document, its values all flagged, not an unknown failed page."""
    c = classify_page(page)
    if c.doc_type == UNKNOWN:
        return False
    if c.title and c.confidence >= TYPE_SURE:
        return True
    machine = doctypes.REGISTRY[c.doc_type].machine_readable
    return bool(page.codes and machine and machine(page.codes, []))


@dataclass
class _Pending:
    dossier: Dossier
    files: list[SourceFile]  # every file of the dossier, as found now
    new: list[SourceFile]  # files to read in this run
    kept: list[str]  # rels whose stored OCR is reused
    results: dict[tuple[str, int], PageResult] = field(default_factory=dict)
    expected: int = 0


def plan(db, dossiers: list[Dossier], s: Settings) -> tuple[list[_Pending], int]:
    """Which dossiers changed since they were stored, and which of their files need reading."""
    todo, skipped, unchanged = [], 0, []
    for d in dossiers:
        stored = store.stored_hashes(db, d.id)
        current = {f.rel: f.sha256 for f in d.files}
        if stored == current:
            skipped += 1
            unchanged += d.files
            continue
        new = [f for f in d.files if stored.get(f.rel) != f.sha256 or f.error]
        kept = [f.rel for f in d.files if f not in new]
        for f in new:
            sources.inspect(f, s)
        p = _Pending(d, d.files, new, kept)
        p.expected = sum(f.pages for f in new if not f.error)
        todo.append(p)
    store.note_file_stats(db, unchanged)  # hashed again (copied, touched): next time not
    return todo, skipped


def run(root: str | Path, s: Settings, db, reporter: Reporter | None = None, rehash: bool = False) -> Summary:
    """Read what is new or changed under root. Files whose size, mtime and inode are as stored
    keep their stored hash; `rehash` hashes every file again. With s.cluster the pages are read
    on that Dask cluster's workers (cluster.py), everything else as here."""
    root = Path(root)
    if not root.is_dir():
        raise RootMissing(f"the scans root {root} does not exist or is not a folder")
    ocr.check_engine(s.lang)
    sources.check_poppler()
    if not s.cluster:
        return _run(root, s, db, reporter or Reporter(), rehash, None)
    from . import cluster

    with cluster.connect(s) as reader:  # before any work: an unreachable scheduler costs nothing
        return _run(root, s, db, reporter or Reporter(), rehash, reader)


def _run(root: Path, s: Settings, db, reporter: Reporter, rehash: bool, reader) -> Summary:
    t0 = time.perf_counter()
    _init_worker()
    private_tmp(s)
    summary = Summary()
    dossiers = sources.find_dossiers(root, None if rehash else store.file_stats(db))
    todo, summary.skipped = plan(db, dossiers, s)
    summary.dossiers = len(dossiers)
    n_jobs = reader.threads() if reader else workers(s)
    store.close_stale_runs(db)  # the caller holds the store's lock: a run still 'running' is dead
    summary.run_id = store.start_run(db, str(root.resolve()), n_jobs)
    if reader:
        summary.cluster = s.cluster
        reporter.cluster(s.cluster, reader.workers)
    reporter.start(len(todo), sum(p.expected for p in todo))
    for d in dossiers:
        if all(d is not p.dossier for p in todo):
            reporter.dossier_done(d.id, [], skipped=True)

    def finish(p: _Pending) -> None:
        failed = [f for f in p.new if f.error]
        for f in failed:
            summary.failures.append((f.rel, f.error))
            reporter.file_failed(f.rel, f.error)
        old: dict[str, list[PageResult]] = {}
        for r in store.load_pages(db, p.dossier.id, p.kept):
            old.setdefault(r.file_rel, []).append(r)
        pages: list[PageResult] = []
        for f in p.files:
            if f.error:
                continue
            if f in p.new:
                pages.extend(p.results[(f.rel, n)] for n in range(1, f.pages + 1))
            else:
                pages.extend(old.get(f.rel, []))
        for r in pages:
            if r.error:
                summary.failures.append((f"{r.file_rel}#{r.page}", r.error))
                reporter.file_failed(f"{r.file_rel} page {r.page}", r.error)
        clock = Clock()
        try:
            with clock("assemble"):
                docs = assemble(p.dossier.id, pages, failed, s)
        except Exception as e:  # a bug on one dossier must not stop the batch
            docs = [Document(p.dossier.id, UNKNOWN, 0.0, [(r.file_rel, r.page) for r in pages], status="failed",
                             error=f"internal error while assembling ({_where(e)})")]
            summary.failures.append((p.dossier.id, docs[0].error))
        for d in docs:
            if d.error == BLANK_FILE:
                summary.failures.append((d.pages[0][0], BLANK_FILE))
                reporter.file_failed(d.pages[0][0], BLANK_FILE)
        with clock("store"):
            store.save_dossier(db, summary.run_id, p.dossier.id, p.dossier.path, p.files, pages, docs)
        summary.stages.update(clock.seconds)
        summary.documents += sum(1 for d in docs if d.status != "failed")
        summary.flagged += sum(f.flagged for d in docs for f in d.fields.values())
        summary.pages += len([r for r in pages if (r.file_rel, r.page) in p.results])
        summary.files += len(p.new)
        reporter.dossier_done(p.dossier.id, docs)

    tasks = [t for p in todo for t in sources.page_tasks(p.dossier, [f for f in p.new if not f.error])]
    pending = {p.dossier.id: p for p in todo}

    def page_read(r: PageResult) -> None:
        p = pending[r.dossier]
        p.results[(r.file_rel, r.page)] = r
        summary.stages.update(r.stages)
        reporter.page_done(r)
        if len(p.results) == p.expected:
            finish(p)
            p.results = {}  # stored: a long batch must not keep every page's words in memory

    status = "failed"
    try:
        for p in todo:
            if p.expected == 0:
                finish(p)
        if reader:
            reader.read(tasks, root, page_read)
        else:
            _read_pages(tasks, s, n_jobs, page_read)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        summary.seconds = time.perf_counter() - t0
        cluster_jobs = {}
        if reader:  # the workers that read pages, not the threads asked for
            summary.workers = sorted(reader.used)
            cluster_jobs = {"jobs": len(summary.workers)}
        try:
            store.finish_run(db, summary.run_id, status, **cluster_jobs, dossiers=summary.dossiers, files=summary.files,
                             pages=summary.pages, documents=summary.documents, flagged=summary.flagged,
                             failures=len(summary.failures), skipped=summary.skipped,
                             seconds=round(summary.seconds, 2))
        except sqlite3.Error:
            if status == "done":
                raise
            # already failing (a full disk?): the next run marks this one killed
    return summary


def _where(e: BaseException) -> str:
    """An exception's class and the line that raised it, never its message: messages may quote
    OCR text, and error texts are stored, exported and printed."""
    frame = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    return f"{e.__class__.__name__} at {Path(frame.filename).name}:{frame.lineno}" if frame else e.__class__.__name__


# --- the worker pool ------------------------------------------------------------------------

def _read_pages(tasks: list[PageTask], s: Settings, n_jobs: int, done: Callable[[PageResult], None]) -> None:
    """Read every page in worker processes and hand each result to `done`.

    A worker that dies (killed for memory, a crash in a decoder) breaks the pool and takes the
    pages in flight with it. Those are read again one at a time in a new pool, so the page that
    kills its worker alone is the one given up as failed, and the batch goes on.
    """
    queue: deque[PageTask] = deque(tasks)
    suspects: deque[PageTask] = deque()
    while queue or suspects:
        alone = bool(suspects)
        lost = _read_batch(suspects if alone else queue, s, n_jobs, 1 if alone else n_jobs * 3, done)
        if alone:
            for t in lost:
                done(PageResult(t.dossier, t.file_rel, t.page, error=WORKER_DIED))
        else:
            suspects.extend(lost)


def _read_batch(source: deque[PageTask], s: Settings, n_jobs: int, window: int,
                done: Callable[[PageResult], None]) -> list[PageTask]:
    """Pages from `source` through one pool, at most `window` in flight (memory stays flat on huge
    batches), until it is empty or a worker dies. Returns the pages lost with the pool."""
    lost: list[PageTask] = []
    running: dict[Future, PageTask] = {}
    with ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker, initargs=(os.getpid(),)) as pool:
        while (source or running) and not lost:
            while source and len(running) < window:
                t = source.popleft()
                try:
                    running[pool.submit(read_page, t, s)] = t
                except BrokenProcessPool:
                    lost.append(t)
                    break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            _collect(running, finished, done, lost)
        _collect(running, wait(running).done, done, lost)  # after a death the others end at once
    return lost


def _collect(running: dict[Future, PageTask], finished, done: Callable[[PageResult], None],
             lost: list[PageTask]) -> None:
    for fut in finished:
        t = running.pop(fut)
        if isinstance(fut.exception(), BrokenProcessPool):
            lost.append(t)
        else:
            done(fut.result())
