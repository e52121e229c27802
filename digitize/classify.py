"""Which document a page is, and which pages make one document.

A page starts a document when it prints a known title, or the national motto that heads every
first page; a page with neither continues the document before it (the back of a card, page two
of a certificate). Blank pages belong to no document.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from . import doctypes
from .doctypes import UNKNOWN
from .models import PageResult, lines_of
from .vntext import fold_tight

TITLE_MIN_SCORE = 84.0
MOTTO = fold_tight("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


@dataclass
class PageClass:
    doc_type: str
    confidence: float
    starts_document: bool
    title: str = ""  # the title line as read


def _upper_share(letters: str) -> float:
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _title_score(line_tight: str, cue_tight: str) -> float:
    """How well a line reads as this title: the title must open the line (a longer title such as
    'TỜ KHAI THAY ĐỔI ...' may follow), and the line may carry a little noise before it."""
    if not line_tight or not cue_tight:
        return 0.0
    prefix = fuzz.ratio(line_tight[: len(cue_tight)], cue_tight)
    if len(line_tight) > len(cue_tight) * 3 + 12 or len(line_tight) < len(cue_tight) * 0.5:
        return prefix  # a long sentence, or a fragment too short to stand for this title
    return max(prefix, fuzz.partial_ratio(cue_tight, line_tight) - 4)


def classify_page(page: PageResult) -> PageClass:
    if page.quality.blank or not page.words:
        return PageClass(UNKNOWN, 0.0, starts_document=False)
    best: tuple = (False, 0, 0.0, UNKNOWN, "")
    motto = False
    texts = [" ".join(w.text for w in words) for words in lines_of(page.words)]
    # a long title wraps ('GIẤY CHỨNG NHẬN' / 'QUYỀN SỬ DỤNG ĐẤT, ...'): try each line alone
    # and joined with the next; the longer title matched wins over its own prefix
    candidates = [(t, t) for t in texts] + [(a + " " + b, a) for a, b in zip(texts, texts[1:])]
    for text, first_line in candidates:
        tight = fold_tight(text)
        if fuzz.partial_ratio(MOTTO, tight) >= 85 and len(tight) >= len(MOTTO) * 0.8 and text == first_line:
            motto = True
            continue
        letters = "".join(c for c in text if c.isalpha())
        for dt in doctypes.REGISTRY.values():
            if any(fold_tight(x) in tight for x in dt.excludes):
                continue
            for cue in dt.titles:
                cue_tight = fold_tight(cue)
                # titles are printed in capitals, body mentions are not; OCR noise after a
                # title is mixed case, so only the title's own length counts
                if _upper_share(letters[: len(cue_tight) + 2]) < 0.6:
                    continue
                score = _title_score(tight, cue_tight)
                # near-exact matches first; among them the longest title ('TRÍCH LỤC KHAI TỬ'
                # is not 'TRÍCH LỤC KHAI SINH' misread, 'GIẤY CHỨNG NHẬN' alone is no title)
                rank = (score >= 95, len(cue_tight) + dt.priority, score)
                if score >= TITLE_MIN_SCORE and rank > best[:3]:
                    best = (*rank, dt.name, first_line)
    _, _, score, name, title = best
    if name != UNKNOWN:
        return PageClass(name, round(score / 100, 3), starts_document=True, title=title)
    if motto:  # a first page of something we do not know
        return PageClass(UNKNOWN, 0.5, starts_document=True)
    return PageClass(UNKNOWN, 0.0, starts_document=False)


@dataclass
class Group:
    doc_type: str
    confidence: float
    pages: list[int]  # indices into the dossier's page list
    title: str = ""


def group_pages(classes: list[PageClass], blank: list[bool]) -> list[Group]:
    """Consecutive pages into documents, in order; blank pages are left out of every document."""
    groups: list[Group] = []
    for i, (pc, is_blank) in enumerate(zip(classes, blank)):
        if is_blank:
            continue
        if pc.starts_document or not groups:
            groups.append(Group(pc.doc_type, pc.confidence if pc.starts_document else 0.0, [i], pc.title))
        else:
            groups[-1].pages.append(i)
    return groups
