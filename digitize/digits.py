"""Which digits a long number carries, read again on its own.

Read as part of a page, a digit is now and then read as its look-alike (3 as 5, 8 as 9) with
the word's confidence as high as a right one's (88-94): a personal id, a certificate's serial
that no rule can check. Cut out and read alone, the same pixels read right: on the outside
corpus, four ids and serials that had reached the records wrong and unflagged
('CH 581108' for 'CH 381108', '031324890584' for '...384') all read right alone.

So each number of five digits or more is read again alone. Where that reading has the same
count of digits and other digits, the number is read at two more sizes. Measured on the 24
such disagreements of 8 outside seeds whose truth is known: the page had read right in 15, and
the copy reduced to 0.7 gave the page's digits in 13 of them, in none of the 9 where the page
was wrong; there, two of the three readings alone agreed on the right digits in all 9. So a
page's reading the reduced copy confirms stands; any other is flagged by a confidence no field
passes with (DOUBTED), taking the digits two sure readings alone agree on (a land
certificate's serial '513855', read alone '213855' at every size but unsure, stays). A reading
alone with another count of digits tells nothing (a slash read as 1, an edge's speck as a
digit); a machine-readable zone's line ('<<') has check digits of its own; a date is not
changed into one that cannot be (a faded '2032' read alone '2932' three times).

A date the page read broken, its slashes as letters or a digit lost ('28I02I12024', '2AI0AI2027',
'17-05-203'), is read alone at two sizes; where both readings are the same date that can be, the
word is that date, doubted. On 117 outside pages holding such words, 14 dates were put right
this way and none wrong; the rest read alone as no date, or as two, and stay as they were.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import cv2
import numpy as np

from . import ocr, validate, vntext
from .models import CONFIDENT, Word

LEAST_DIGITS = 5  # a number this long is an id, a serial, a date or a sum: what a digit changes
ROOM = 0.35  # of the digits' height, above and below them in the cut
SIDE_ROOM = 0.5  # ... and either side
LARGER, SMALLER = 1.5, 0.7  # scales of the further readings, where the first two disagree
AGREEING = 2  # readings alone that must agree on other digits for them to be taken
DOUBTED = 40.0  # confidence (0-100) of a number whose readings disagree: its field is flagged


def _digits(text: str) -> str:
    return vntext.digits(text, ocr=False)  # as read: a letter is no digit here


def _with_digits(text: str, digits: str) -> str:
    """`text` with its digits replaced, one for one, by `digits` (as many): separators stay."""
    it = iter(digits)
    return "".join(next(it) if "0" <= c <= "9" else c for c in text)


def _reader(cut: np.ndarray, dpi: int, lang: str, timeout: int):
    """size -> (the text read in the cut alone at that size, the least confidence of its words):
    each size read once, whether a date or a number asks for it."""
    @lru_cache(maxsize=None)
    def read(size: float) -> tuple[str, float]:
        scaled = cut if size == 1.0 else cv2.resize(cut, None, fx=size, fy=size,
                                                    interpolation=cv2.INTER_CUBIC if size > 1 else cv2.INTER_AREA)
        words = ocr.read_line(scaled, dpi, lang, timeout)
        return " ".join(w.text for w in words), min((w.conf for w in words), default=0.0)
    return read


def _digits_alone(read, size: float) -> tuple[str, float]:
    """(the digits read alone at this size, the least confidence of its words)."""
    text, conf = read(size)
    return _digits(text), conf


def _can_be(iso: str) -> bool:
    """A date that exists and that a paper can bear (past or future)."""
    return not {validate.DATE_INVALID, validate.DATE_IMPLAUSIBLE} & set(validate.check_date(iso, past_only=False))


def _possible(text: str, digits: str) -> bool:
    """Whether `text` with these digits is still a date that can be, where it was one."""
    if vntext.parse_date(text) is None:
        return True
    after = vntext.parse_date(_with_digits(text, digits))
    return after is not None and _can_be(after)


# A date read broken: 6-9 digits (a date has 8: a slash read as a digit, a digit as a letter or
# lost), not digits alone (an id, a phone), and no date as read ('28I02I12024', 'lẾ11/1997').
DATE_DIGITS = range(6, 10)
DATE_LENGTH = 14  # characters at most: 8 digits, 2 separators and a misread glyph or two
_DATE_EDGE = ".,:;()[]|_'\"“”"


def _broken_date(text: str) -> bool:
    core = text.strip(_DATE_EDGE)
    return len(_digits(core)) in DATE_DIGITS and len(core) <= DATE_LENGTH and not core.isdigit() \
        and vntext.parse_date(core) is None


def _date_alone(read) -> str | None:
    """The date (dd/mm/yyyy) two readings of the cut alone agree on, at its size and enlarged."""
    dates = []
    for size in (1.0, LARGER):
        iso = vntext.parse_date(read(size)[0])
        if iso is None or len(iso) != len("yyyy-mm-dd") or not _can_be(iso):
            return None
        dates.append(iso)
    year, month, day = dates[0].split("-")
    return f"{day}/{month}/{year}" if dates[0] == dates[1] else None  # as the forms print it


def reread_numbers(image: np.ndarray, words: list[Word], dpi: int, lang: str, timeout: int) -> list[Word]:
    """The page's words, each long number checked by reading it alone (see the module's text);
    boxes, lines and the other words as they were. A date read broken is read alone too: where
    two readings alone agree on a date that can be, it is that date, with the doubted
    confidence (a person confirms it)."""
    out = []
    for word in words:
        first, broken = _digits(word.text), _broken_date(word.text)
        if not broken and (len(first) < LEAST_DIGITS or "<" in word.text):
            out.append(word)
            continue
        read = _reader(ocr.cut_out(image, word.bbox, max(1, word.bbox[3] - word.bbox[1]), ROOM, ROOM, SIDE_ROOM),
                       dpi, lang, timeout)
        date = _date_alone(read) if broken else None
        if date:
            out.append(Word(date, min(word.conf, DOUBTED), word.bbox, word.line))
            continue
        if "<" in word.text:  # a broken date has digits enough: only an MRZ line stops it here
            out.append(word)
            continue
        readings = [_digits_alone(read, 1.0)]
        if len(readings[0][0]) != len(first) or readings[0][0] == first:
            out.append(word)
            continue
        readings += [_digits_alone(read, size) for size in (LARGER, SMALLER)]
        if readings[-1][0] == first:
            out.append(word)
            continue
        votes = Counter(r for r, conf in readings if len(r) == len(first) and r != first and conf >= CONFIDENT)
        best, n = votes.most_common(1)[0] if votes else (first, 0)
        taken = best if n >= AGREEING and _possible(word.text, best) else first
        out.append(Word(_with_digits(word.text, taken), min(word.conf, DOUBTED), word.bbox, word.line))
    return out
