"""Which marks a line in capitals carries, read again on its own.

Read as part of a page, a line in capitals loses marks above its letters: Tesseract's line
finding cuts them off where the line above is close (a card's name under its number read
'LE HONG THAO' on every scale tried, 'LÊ HỒNG THẢO' when the line was cut out with room above
it and read alone). Lines in capitals are names, titles and issuing bodies: the fields where a
mark matters most. Each is read again alone; a word that lost every mark takes the marks the
second reading gives it. A word that has marks keeps them: read again, it changes one mark for
another as often as it puts one right ('QUÂN' read 'QUẦN').
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

from . import doctypes, ocr
from .classify import MOTTO
from .models import Word, lines_of
from .vntext import fold_tight

CAPITALS = 0.9  # share of a line's letters in capitals from which it is a line in capitals
MAX_WORDS = 8  # longer lines in capitals are titles and mottos: their words are in vocabularies
ROOM_ABOVE = 0.6  # of the letters' height: where the marks over capitals stand
ROOM_BELOW = 0.25  # ... and below, for the dot of 'Ạ', 'Ệ'
ROOM_SIDE = 0.5  # ... and either side


def _core(text: str) -> tuple[str, str, str]:
    """(what comes before the word's first letter or digit, the word, what comes after)."""
    alnum = [i for i, c in enumerate(text) if c.isalnum()]
    if not alnum:
        return text, "", ""
    return text[: alnum[0]], text[alnum[0]: alnum[-1] + 1], text[alnum[-1] + 1:]


# Marks that a line cut too close loses: those over a letter, and the dot under it. The horn of
# ư and ơ and the stroke of đ are part of the letter's body: a second reading that adds them
# read another letter.
_LOST_MARKS = {"\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u0323"}


def _only_marks_added(plain: str, marked: str) -> bool:
    """`marked` is `plain` with marks it had lost all of: every letter the same, `plain` has
    no mark at all, and `marked` adds only marks a close cut loses."""
    a, b = unicodedata.normalize("NFC", plain), unicodedata.normalize("NFC", marked)
    if len(a) != len(b) or unicodedata.normalize("NFD", a) != a:
        return False  # 'QUÂN' read again 'QUẦN', 'TUẤN' 'TUẦN': a mark read is not one lost
    for x, y in zip(a, b):
        base, *extra = unicodedata.normalize("NFD", y)
        if base.casefold() != x.casefold() or not set(extra) <= _LOST_MARKS:
            return False
    return True


def _marks_of(again: str, first: str) -> str:
    """The first reading's word with the marks of the second, where the first lost all of its
    own ('THAO' read again 'THẢO'); a quote or a speck the second reading adds or drops at its
    edges is not taken, nor a mark that changes one the first reading has."""
    head, core, tail = _core(first)
    _, core_again, _ = _core(again)
    return head + core_again + tail if _only_marks_added(core, core_again) else first


def _capital(word: Word) -> bool:
    letters = [c for c in word.text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= CAPITALS * len(letters)


def _runs(line: list[Word]) -> list[tuple[int, int]]:
    """(start, end) of each run of two or more words in capitals ('LÊ HỒNG THẢO' after its
    label 'Họ và tên:'), with four letters or more."""
    runs, start = [], None
    for i, word in enumerate([*line, None]):
        if word is not None and _capital(word):
            start = i if start is None else start
            continue
        if start is not None and 2 <= i - start <= MAX_WORDS and \
                sum(c.isalpha() for wd in line[start:i] for c in wd.text) >= 4:
            runs.append((start, i))
        start = None
    return runs


@lru_cache(maxsize=1)
def _printed_phrases() -> frozenset[str]:
    """The motto and the titles, as they fold: their marks are known, and classification reads
    them folded. Half the runs in capitals of a page are these; they are not read again."""
    return frozenset({MOTTO} | {fold_tight(t) for dt in doctypes.REGISTRY.values() for t in dt.titles})


def reread_capitals(image: np.ndarray, words: list[Word], dpi: int, lang: str, timeout: int) -> list[Word]:
    """The page's words with the marks of their runs in capitals as read alone; the words'
    boxes, lines and everything else as they were."""
    out: list[Word] = []
    for line in lines_of(words):
        line = list(line)
        for a, b in _runs(line):
            run = line[a:b]
            if fold_tight(" ".join(wd.text for wd in run)) in _printed_phrases():
                continue
            tall = int(np.median([wd.bbox[3] - wd.bbox[1] for wd in run]))
            box = (run[0].bbox[0], min(wd.bbox[1] for wd in run), run[-1].bbox[2], max(wd.bbox[3] for wd in run))
            cut = ocr.cut_out(image, box, tall, ROOM_ABOVE, ROOM_BELOW, ROOM_SIDE)
            again = ocr.read_line(cut, dpi, lang, timeout)
            same_letters = fold_tight(" ".join(x.text for x in again)) == fold_tight(" ".join(wd.text for wd in run))
            if len(again) == len(run) and same_letters:
                line[a:b] = [Word(_marks_of(x.text, wd.text), min(x.conf, wd.conf), wd.bbox, wd.line)
                             for x, wd in zip(again, run)]
        out += line
    return out
