"""OCR lines as the later stages see them: words with folded text, and where printed labels sit.

Kept apart from classify and extract because both read the same lines and labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from .models import PageResult, Word, lines_of
from .vntext import fold, fold_tight

LABEL_MIN_SCORE = 86.0  # fuzzy score (0-100) for a label to count as printed there
COLON_LABEL_SCORE = 85.0  # ... for one that opens its line and ends in its colon: one letter off in 7
COLON_LABEL_LEAST = 6  # folded letters such a label needs
# A colon inside a label is OCR reading a comma as one ('Ngày: tháng, năm sinh'): allowed only
# where the label matches this well, else the window would eat the value after the colon.
COLON_INSIDE_SCORE = 92.0
LEADER_TOKEN = re.compile(r"[_.…]+")  # dots or a rule after a label, where its value is written


@dataclass
class Line:
    page: int  # index of the page within the document, 1-based
    index: int  # line number within the page
    words: list[Word]
    page_width: int = 0
    page_height: int = 0
    labels: list["LabelHit"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def top(self) -> int:
        return min(w.bbox[1] for w in self.words)

    @property
    def left(self) -> int:
        return min(w.bbox[0] for w in self.words)

    @property
    def height(self) -> int:
        return max(w.bbox[3] for w in self.words) - self.top


@dataclass
class LabelHit:
    label: str  # as written in the doc type
    start: int  # first word index in the line
    end: int  # one past the last word
    score: float


def split_glued(words: list[Word]) -> list[Word]:
    """'sinh:15/03/1990' -> 'sinh:' + '15/03/1990', sharing the box, so a value glued to
    its label by OCR is still found after the label."""
    out: list[Word] = []
    for w in words:
        head, sep, tail = w.text.partition(":")
        if sep and head and tail and not tail.startswith("/"):
            x0, y0, x1, y1 = w.bbox
            cut = x0 + int((x1 - x0) * (len(head) + 1) / len(w.text))
            out.append(Word(head + ":", w.conf, (x0, y0, cut, y1), w.line))
            out.append(Word(tail, w.conf, (cut, y0, x1, y1), w.line))
        else:
            out.append(w)
    return out


# A speck read as a word: a guilloche stroke or dirt that Tesseract takes for letters beside
# print ('Láng Đ..¬;z Y MIA Hạ', 'Trung KG” Liệt'), a fraction of the height of the print it
# stands among, and read unsure. Print of the same line is never so small: a word of small
# letters ('am', 'ma') stands half as high as one with capitals or ascenders.
SPECK_HEIGHT = 0.45  # of the median height of the sure words of its line
SPECK_CONF = 50.0
SURE_CONF = 80.0


def without_specks(words: list[Word]) -> list[Word]:
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words if w.conf >= SURE_CONF and w.letters >= 2)
    if not heights:
        return words
    least = SPECK_HEIGHT * heights[len(heights) // 2]
    return [w for w in words if not (w.conf < SPECK_CONF and w.bbox[3] - w.bbox[1] < least
                                     and any(c.isalnum() for c in w.text))]


def page_lines(page: PageResult, page_no: int) -> list[Line]:
    lines = [without_specks(ws) for ws in lines_of(page.words)]
    return [Line(page=page_no, index=i, words=split_glued(ws), page_width=page.quality.width,
                 page_height=page.quality.height)
            for i, ws in enumerate(ws for ws in lines if ws)]


@lru_cache(maxsize=8192)
def _is_caps(token: str) -> bool:
    return sum(c.isalpha() for c in token) >= 2 and token.isupper()


def _caps_count(tokens: list[str]) -> int:
    return sum(1 for t in tokens if _is_caps(t))


def capitals(words: list[Word]) -> int:
    """How many of the words are written in capitals (two letters or more)."""
    return _caps_count([w.text for w in words])


# Letters Tesseract takes for one another in small print, as they fold: 'Ông/hà' is 'Ông/bà';
# its language model reads 'chết' as the commoner 'chất' ('Nơi chất'): ê for â.
CONFUSABLE = str.maketrans("hl10e", "biioa")
SHORT_LABEL = 10  # folded letters: a label this short allows no wrong letter but a confusable one


def _window_score(words: list[Word], start: int, size: int, target: str) -> float:
    text = fold_tight("".join(w.text for w in words[start:start + size]))
    if not text:
        return 0.0
    score = fuzz.ratio(text, target)
    if len(target) <= SHORT_LABEL:
        score = max(score, fuzz.ratio(text.translate(CONFUSABLE), target.translate(CONFUSABLE)))
    return score


def find_label(line: Line, label: str) -> list[tuple[int, int, float]]:
    """Places (start, end, score) where `label` is printed in the line, best first.
    Short labels ('Số', 'Ông') must match a whole word exactly: fuzzy matching them would
    find them everywhere."""
    target = fold_tight(label)
    n_tokens = max(1, len(label.split()))
    _caps_in_label = _caps_count(label.split())
    words = line.words
    hits = []
    for start in range(len(words)):
        if len(target) <= 4:
            # A short label ('Số', 'Ông') is a label only where it is printed as one: with its
            # colon or caption ('Số:', 'Số/No.:') or opening the line. Inside a value ('Số 44
            # phố Nguyễn Trãi') it is an ordinary word.
            word = words[start].text
            head = re.split(r"[/:]", word)[0]
            # ... or, opening the line, a period misread for its colon ('Số. 282/2024')
            marked = len(head) < len(word) or (start + 1 < len(words) and words[start + 1].text[:1] in ":/") \
                or start == 0 and word.endswith(".") and len(word) > 1
            # unmarked at the start of a short line only, its value beside it ('Số 307'); 'Số 27,
            # ngõ 350, ...' is an address, and 'Ba' alone a speck's reading
            if fold_tight(head) == target and (marked or start == 0 and 2 <= len(words) <= 3):
                hits.append((start, start + 1, 100.0))
            continue
        best = (0.0, 0)
        if sum(c.isalpha() for c in words[start].text) < 2 <= sum(c.isalpha() for c in label.split()[0]):
            continue  # a label does not start on a speck ('Ì Quê quán'): the fuzzy window would take it in
        # the label's own first word read in capitals ('HỌ và tên') is not a value past it,
        # unless it ends a run of capitals: 'LÊ THANH NAM, sinh năm' is a name, not 'Năm sinh'
        own_first = int(n_tokens > 1 and fold_tight(words[start].text) == fold_tight(label.split()[0])
                        and not (start and capitals(words[start - 1:start])))
        for size in {1, max(1, n_tokens - 1), n_tokens, n_tokens + 1}:  # 1: its words run together
            if start + size > len(words):
                continue
            if size > 1 and words[start].text.endswith(":") and words[start + 1].text[:1].isupper():
                continue  # the first word closes the label before: 'vợ: Họ, chữ đệm, ...'
            if any(LEADER_TOKEN.fullmatch(w.text) for w in words[start + 1:start + size - 1]):
                continue  # a leader ends a label: 'Ngày, tháng, năm _ ngày 03' holds its value
            colon_inside = any(":" in w.text for w in words[start:start + size - 1])
            if capitals(words[start + own_first:start + size]) > _caps_in_label:
                continue  # a word in capitals past the label is the value ('của LƯƠNG')
            s = _window_score(words, start, size, target)
            if colon_inside and s < COLON_INSIDE_SCORE:
                continue  # a colon ends a label: the window would eat the value after it
            if s > best[0]:
                best = (s, size)
        # one wrong letter in a short label is a different word ('tên mẹ' / 'tên: LÊ'), but not
        # where it opens its line and closes with its colon ('Nơi Sảnh:' for 'Nơi sinh:')
        need = LABEL_MIN_SCORE if len(target) > SHORT_LABEL else 92.0
        if best[1] and start == 0 and words[start + best[1] - 1].text.endswith(":") and len(target) >= COLON_LABEL_LEAST:
            need = min(need, COLON_LABEL_SCORE)
        if best[0] >= need and \
                not (best[0] < 100 and _name_cased(words[start:start + best[1]], label)):
            hits.append((start, start + best[1], best[0]))
    return sorted(hits, key=lambda h: -h[2])


def _name_cased(window: list[Word], label: str) -> bool:
    """Words read near a label but each capitalised where the label's later words are not, and
    not closed by a colon: a person's or a place's name ('Nguyễn Diệu Chỉ' is no 'Địa chỉ',
    whatever its letters; 'Nơi Sảnh:' is 'Nơi sinh:')."""
    later = label.split()[1:]
    return len(window) > 1 and bool(later) and all(w[:1].islower() for w in later if w[:1].isalpha()) and \
        all(w.text[:1].isupper() for w in window) and not window[-1].text.endswith(":")


def mark_labels(lines: list[Line], labels: list[str], title: str = "") -> None:
    """Place every label on the lines. Where two overlap, the one covering more of the line
    wins ('Họ, chữ đệm, tên người cha' read at 92% beats 'Họ, chữ đệm, tên' at 100%), and on
    the same words the better match ('Họ, chữ đệm, tên' over '... tên vợ')."""
    for line in lines:
        candidates: list[LabelHit] = []
        if title and line.text.strip() == title.strip():
            line.labels = []  # 'GIẤY TIẾP NHẬN HỒ SƠ ...' holds no label 'Tiếp nhận hồ sơ của'
            continue
        for label in labels:
            for start, end, score in find_label(line, label):
                candidates.append(LabelHit(label, start, end, score))
        candidates.sort(key=lambda h: (-h.score * len(fold_tight(" ".join(w.text for w in line.words[h.start:h.end]))),
                                       -h.score))
        taken: list[LabelHit] = []
        for hit in candidates:
            if all(hit.end <= t.start or hit.start >= t.end for t in taken):
                taken.append(hit)
        line.labels = sorted(taken, key=lambda h: h.start)
    for prev, line in zip(lines, lines[1:]):
        if prev.page == line.page:
            _mark_wrapped(prev, line, labels)


WRAPPED_LABEL_SCORE = 95.0  # a label wrapped whole-word across two lines: below one read on its line


def _mark_wrapped(prev: Line, line: Line, labels: list[str]) -> None:
    """A label whose first words end the line before and whose last ones, closed by their
    colon, open this one ('..., sinh năm: 1952, CCCD' / 'số: 089052278414'): in running text a
    label wraps like any words. It is marked on this line, over its last words, where no label
    was found, and a shorter label its first words make on the line before is taken off it;
    left unmarked, the value after it went to the next person's whole label."""
    if not prev.words or not line.words:
        return
    for label in labels:
        tokens = label.split()
        for k in range(1, len(tokens)):
            head, tail = tokens[:k], tokens[k:]
            if len(tail) > len(line.words) or len(head) > len(prev.words) or \
                    not line.words[len(tail) - 1].text.endswith(":"):
                continue
            ends = [w.text.strip(",.;:") for w in prev.words[-len(head):]]
            opens = [w.text.rstrip(":") for w in line.words[:len(tail)]]
            if fold_tight(" ".join(ends)) == fold_tight(" ".join(head)) and \
                    fold_tight(" ".join(opens)) == fold_tight(" ".join(tail)) and \
                    all(h.start >= len(tail) for h in line.labels):
                line.labels.insert(0, LabelHit(label, 0, len(tail), WRAPPED_LABEL_SCORE))
                # its first words are no label of their own ('Địa chỉ' of 'Địa chỉ' / 'thường trú:')
                cut = len(prev.words) - len(head)
                prev.labels = [h for h in prev.labels if h.end <= cut]
                return
