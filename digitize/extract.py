"""The fields of one document, read from its OCR lines: value, confidence, box and flags.

A value is found after its printed label (same line, after a caption in English or a dotted
leader, or on the next line), or from a fallback place the type names (the header's issuing
body, the place-date line). Each kind of value has one parser here; validation is validate.py.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from . import adminunits, doctypes, plausible, vntext, vocab
from .doctypes.base import (ADDRESS, AREA, AUTHORITY, CODE, COPY_STAMP_LABELS, DATE, ETHNICITY, NAME, NATIONALITY, NUMBER, PERSONAL_ID, PHONE,
                             RELATIONSHIP, SEX, TEXT, TITLE,
                             DocType, FieldSpec)
from .layout import Line, capitals, mark_labels
from .models import CONFIDENT, FieldValue, Word
from .validate import CARD_AGES, PLACE_FIELDS, SURNAME_KEYS, repair_name_marks, trim_name_ends, validate_fields

# English captions printed after the Vietnamese label on identity cards ("Họ và tên / Full name:").
CAPTION_WORDS = {"full", "name", "date", "of", "birth", "sex", "nationality", "place", "origin",
                 "residence", "expiry", "no", "no.", "personal", "identification", "number", "month",
                 "year", "issue"}
LINE_END = 0.7  # share of the page width past which a label ends its line
SLASH_READS = ("/", "7", "1", "l", "I", "|")  # the slash of a bilingual caption, as OCR reads it
LEADER = re.compile(r"^[\s.:;,…_\-–/|]+$")


@dataclass
class Found:
    words: list[Word]
    line: Line  # the line of the label (or of the value, where there is none)
    label_score: float  # 0..1; 1.0 for values found without a label
    label_x: int | None = None  # where the label starts: the column of what belongs with it
    past_unreadable: bool = False  # an earlier occurrence of the label held a value that did not read
    note: str = ""  # a reason the value carries whatever checks say: it was inferred, not read whole
    label: str = ""  # the label it was found after, as the doc type writes it


def _is_caption(word: Word) -> bool:
    t = word.text.strip("/:;,._").lower()  # 'Origin._': its colon read as a period and a speck
    return all(ord(c) < 128 for c in word.text) and (t in CAPTION_WORDS or LEADER.match(word.text) is not None)


def _stray(word: Word) -> bool:
    """A lone glyph that is not a word: the edge of a card or a frame read as 'ị', '|' or 'l'.
    Real one-letter words ('Ô Chợ Dừa', 'Ý Yên') and digits are kept."""
    t = word.text.strip(".,:;")
    # a modifier letter ('ˆ', a circumflex read alone) is alphabetic to Python but no letter of a word;
    # a vowel with marks that stands as no syllable ('ẵ', 'ặ': ă is never one alone) is a speck's
    return len(t) <= 1 and (not t.isalnum() or t in "iIlịỊjJ" or unicodedata.category(t) not in ("Lu", "Ll", "Nd")
                            or not t.isascii() and vntext.fold(t) in "aeiouy" and not plausible.syllable(t))


def _strip_leading(words: list[Word]) -> list[Word]:
    """Drop leaders (':', '....') and a bilingual caption ('/ Full name:') before a value."""
    i = 0
    while i < len(words) and LEADER.match(words[i].text):
        i += 1
    if i < len(words) and (words[i].text.startswith("/") or (i and words[i - 1].text.endswith("/"))):
        colon = next((j for j in range(i, min(i + 6, len(words))) if words[j].text.endswith(":")), None)
        if colon is not None:
            i = colon + 1
        elif _caption_cut(words[i:]):
            return []  # the caption runs to the line's end, cut short: the value is not on this line
    start = i
    while i < len(words) and (_is_caption(words[i]) or _stray(words[i])):
        i += 1
    passed = [w.text.strip("/:;,._").lower() for w in words[start:i]]
    caption = any(t in CAPTION_WORDS for t in passed)
    # the caption stops after its first words ('Place', 'Place of'): its end was read garbled
    unfinished = any(t in CAPTION_OPENS for t in passed) and passed[-1] in CAPTION_OPENS + ("of",)
    # the rest of a bilingual caption OCR misread ('Nationalty:', 'oi residence:', its slash
    # read as '7'): ASCII words up to a colon, with the value after it
    first = i + 1 if i < len(words) and words[i].text in SLASH_READS else i
    # (the caption may end the line: its value is then printed under it)
    colon = next((j for j in range(first, min(first + 4, len(words))) if words[j].text.endswith(":")), None)
    if colon is not None and sum(c.isalpha() for c in words[colon].text) >= 3 and all(
            all(ord(c) < 128 and not c.isdigit() for c in w.text) for w in words[first:colon + 1]):
        i = colon + 1
    i += _garbled_caption_end(words[i:]) if unfinished else 0
    i += _english_caption(words[i:], after_caption=caption)
    words = words[i:]
    while words and (_stray(words[-1]) and not _roman_one(words) or LEADER.match(words[-1].text)):
        words = words[:-1]
    if words and _roman_one(words) and (words[-1].text != "I" or words[-1].conf < CONFIDENT):
        one = words[-1]  # read with a mark or in doubt ('Hải Châu Ï', 7): kept as 'I', to be confirmed
        words = words[:-1] + [Word("I", min(one.conf, ROMAN_ONE_DOUBTED), one.bbox, one.line)]
    return _drop_specks(words)


ROMAN_ONE_READS = "IÏÍÌỊỈ"  # a capital I as OCR reads it, a mark of a speck or the seal on it
ROMAN_ONE_DOUBTED = 40.0  # the confidence given to one read so: the value is flagged


def _roman_one(words: list[Word]) -> bool:
    """The last word an 'I' that numbers the name before it ('phường Hải Châu I', 'xã Tam Xuân
    I'): a word's space from a capitalised word. A frame's edge read as 'I' stands apart from the
    text. Read with a mark, or in doubt, it is kept too, and flagged: dropped, the unit's name
    passed for another unit's ('phường Hải Châu', seed 237)."""
    if len(words) < 2 or words[-1].text not in ROMAN_ONE_READS:
        return False
    before, one = words[-2], words[-1]
    return before.text[:1].isupper() and before.text.isalpha() and \
        one.bbox[0] - before.bbox[2] <= one.bbox[3] - one.bbox[1]


# The English captions of a card, as one string of letters: OCR reads them with Vietnamese
# marks of its own ('Fưii name', 'Pláce ơi ongm'), which plain matching misses.
ENGLISH_CAPTIONS = ("fullname", "dateofbirth", "sex", "nationality", "placeoforigin", "placeofresidence",
                    "dateofexpiry", "personalidentification")
# The words that end a caption, when the start of it fell to the line above or into the label
# ('Origin, Phường 7', 'resdence. 33 Ngõ'): long enough that no Vietnamese word reads as one.
CAPTION_ENDS = ("birth", "origin", "residence", "expiry", "identification", "nationality")
CAPTION_SCORE = 70  # fuzzy score (0-100) from which words are a caption
CAPTION_MAX_WORDS = 4  # 'Place of origin' in three words, or four where OCR split one ('Plác e of œigin')
END_SCORE = 80  # ... the end of one alone: a word that is one letter off ('resdence')
ENDS_CAPTION = ":,;."  # what OCR reads for the colon after a caption


CAPTION_OPENS = ("place", "date", "full")  # the first words of the captions that run on ('Place of origin')
LETTER_READS = str.maketrans("015", "ols")  # digits OCR reads for letters inside a word ('0f' for 'of')


def _garbled_caption_end(words: list[Word]) -> int:
    """How many words at the start are the garbled end of a caption whose first words were
    read ('Place' + '0f ongw', 'Place' + 'o†eedenoe'): one or two words in lower case with no
    Vietnamese mark, before a value that opens as values do, with a capital or a digit. The
    value is then on the line; where they end the line, _english_caption judges them."""
    n = 0
    while n < min(2, len(words) - 1):
        text = _as_letters(words[n].text.strip(".,:;_-'\""))
        if not (text[:1].islower() and _unmarked(text) and not any(c.isdigit() for c in text)):
            break
        n += 1
    opening = words[n].text[:1] if n < len(words) else ""
    return n if n and (opening.isupper() or opening.isdigit()) else 0


def _as_letters(text: str) -> str:
    """A word's digits read as the letters they stand for, where it has letters too."""
    return text.translate(LETTER_READS) if any(c.isalpha() for c in text) else text


def _unmarked(text: str) -> bool:
    """No letter of the Vietnamese alphabet's own ('ơ', 'ư', 'đ', a tone mark): English, or junk."""
    return all(len(unicodedata.normalize("NFD", c)) == 1 and c not in "đĐ" for c in text)


CAPTION_CUT_LEAST = 6  # letters of a caption's start that name it ('Pfaco of r' for 'Place of r...')


FOREIGN_LETTERS = "fjwz"  # letters Vietnamese never writes: a word opening with one is a caption's English


def _caption_cut(words: list[Word]) -> bool:
    """The words after a caption's slash are all the start of an English caption, garbled and
    cut short at the line's end ('/ Pfaco of r ¬'), specks aside: no value follows it there.
    So are a few words with no digit garbled past any match, marks and all, that open with a
    letter no Vietnamese value holds ('/ Fuf nazwe', '/ Fưi nướng' for 'Full name')."""
    kept = [w for w in words if not _stray(w)]
    worded = [w for w in kept if not LEADER.match(w.text)]
    if worded and len(worded) <= CAPTION_MAX_WORDS and not any(c.isdigit() for w in worded for c in w.text) and \
            vntext.fold(worded[0].text.strip("/"))[:1] in tuple(FOREIGN_LETTERS):
        return True
    tight = vntext.fold_tight(" ".join(w.text for w in kept))
    return len(tight) >= CAPTION_CUT_LEAST and all(all(ord(c) < 128 and not c.isdigit() for c in w.text)
                                                   for w in kept) and \
        max((fuzz.ratio(tight, c[:len(tight)]) for c in ENGLISH_CAPTIONS if len(c) >= len(tight)), default=0) >= CAPTION_SCORE


def _english_caption(words: list[Word], after_caption: bool = False) -> int:
    """How many words at the start are a card's English caption read with marks or letters
    wrong, the value after them (or under them: the caption may end its line), or 0: the count
    whose letters match a caption best. The end of a caption alone counts where it has no
    Vietnamese mark and is closed by a colon, comma, semicolon or period, or follows the
    caption's first words (`after_caption`: 'Place of' + 'resdence'); a lone letter before the
    caption (a speck of the photo) goes with it. After the caption's first words, one or two
    words with no mark that end the line and are no Vietnamese syllables ('Nam' is one) are its
    garbled rest ('Place' + 'oƒ ongin'): the value is under it."""
    bare = [_as_letters(w.text.strip(".,:;_-'\"")) for w in words]
    if after_caption and 0 < len(words) <= 2 and all(
            _unmarked(t) and sum(c.isalpha() for c in t) >= 2 and not any(c.isdigit() for c in t) for t in bare) \
            and plausible.check_text(" ".join(bare)):
        return len(words)
    skip = 1 if len(words) > 2 and len(words[0].text.strip(ENDS_CAPTION)) == 1 else 0
    best, count = 0.0, 0
    for lead in range(skip + 1):
        rest = words[lead:]
        colon = next((j + 1 for j, w in enumerate(rest) if w.text.endswith(":")), len(rest))
        for n in range(1, min(CAPTION_MAX_WORDS, len(rest), colon) + 1):  # a colon ends the caption
            tight = vntext.fold_tight(" ".join(w.text for w in rest[:n]))
            score = max(fuzz.ratio(tight, c) for c in ENGLISH_CAPTIONS if len(c) >= 8)
            last = rest[n - 1].text
            if (last[-1:] in ENDS_CAPTION or after_caption) and all(_unmarked(w.text) for w in rest[:n]):
                end = max(fuzz.ratio(tight, c) for c in CAPTION_ENDS)
                score = max(score, end if end >= END_SCORE else 0)
            if score >= CAPTION_SCORE and score >= best:
                best, count = score, lead + n
    return count


def _drop_specks(words: list[Word]) -> list[Word]:
    """A speck of one or two characters far left of the value, or on a line of its own above
    it: the edge of a photo or a frame read as '4' or 'A'. One followed by its comma is a word,
    the rest of one misread ('á, Gia Lâm' for 'Xá, Gia Lâm'), and digits before digits are a
    number's ('0 48 176633856'): both are kept, to be seen."""
    while len(words) >= 2 and len(words[0].text) <= 2 and not words[0].text.endswith(",") and not (
            words[0].text.isdigit() and words[1].text[:1].isdigit()) and (
            words[1].bbox[0] - words[0].bbox[2] > 2 * max(1, words[1].bbox[3] - words[1].bbox[1])
            or words[0].line != words[1].line):
        words = words[1:]
    return words


def _after_label(lines: list[Line], li: int, hit) -> list[Word]:
    line = lines[li]
    nxt = [h.start for h in line.labels if h.start >= hit.end]
    return _strip_leading(line.words[hit.end: min(nxt) if nxt else len(line.words)])


def _right_margin(lines: list[Line]) -> int:
    """Where labelled lines end on this page: most of them run to the printed margin."""
    ends = sorted(max(w.bbox[2] for w in ln.words) for ln in lines if ln.labels)
    return ends[int(0.9 * (len(ends) - 1))] if ends else 0


def _label_start(line: Line, hit) -> int:
    """Where a label starts: past a word that fuzzy matching took in from across a column's gap
    ('đến' of 'Có giá trị đến' before 'Nơi thường trú' on a card)."""
    start = hit.start
    while start + 1 < hit.end:
        a, b = line.words[start], line.words[start + 1]
        if b.bbox[0] - a.bbox[2] <= 2 * max(1, a.bbox[3] - a.bbox[1]):
            break
        start += 1
    return line.words[start].bbox[0]


def _only_specks(words: list[Word]) -> bool:
    """Marks that read as no word: not one of two letters or more that is a syllable written
    in one case (':A 3: ^ ` nIẾ', the guilloche of a card between two lines of its address)."""
    def word(text: str) -> bool:
        core = text.strip(".,;:()/-'\"")
        letters = sum(c.isalpha() for c in core)
        return letters >= 2 and (core.islower() or core.isupper() or core.istitle()) and plausible.check_text(core) == []
    return not any(word(w.text) for w in words)


def _under(line: Line, x_from: int, x_to: int = 1 << 30) -> list[Word]:
    """The words of `line` in the column from x_from to x_to (a value printed under its
    caption, in a two-column form, or the rest of a wrapped value beside another column's
    label), up to the next label."""
    covered = {i for h in line.labels for i in range(h.start, h.end)}
    out: list[Word] = []
    for i, w in enumerate(line.words):
        if w.bbox[2] < x_from - 30 or w.bbox[0] >= x_to - 10:
            continue
        if i in covered:
            if out:
                break
            continue
        out.append(w)
    return _strip_leading(out)


# A numbered item opens a new field: '3.', 'b)', 'II.'. A capital letter with a period is not
# one: 'P.', 'Q.', 'X.', 'H.' abbreviate the units of an address wrapped onto the next line.
ITEM = re.compile(r"^(\d{1,2}|[a-zđ]|[IV]|[IVX]{2,4})[.)]$")


def _right_under(prev: Line, nxt: Line, value: list[Word]) -> bool:
    """The next line of a value sits right under its line (no wider gap than a line's height)
    on the same page, and opens no new numbered item."""
    return bool(value) and nxt.page == prev.page and not ITEM.match(nxt.words[0].text) and \
        nxt.top - (prev.top + prev.height) <= 1.2 * max(prev.height, 20)


def _continues(prev: Line, nxt: Line, value: list[Word], label_x: int, right_margin: int) -> bool:
    """A long value wrapped onto the next line: that line sits right under it, opens no new
    numbered item, holds no label except in a column left of the value's own label (a card
    prints 'Date of expiry' there), and the value broke after a comma, ran to the right
    margin, or the next line is indented."""
    if not _right_under(prev, nxt, value) or _opens_field(nxt, value, label_x):
        return False
    full = value[-1].bbox[2] >= right_margin - 6 * max(prev.height, 20)
    return value[-1].text.endswith(",") or full or nxt.left > prev.left + 40


def _opens_field(nxt: Line, value: list[Word], label_x: int) -> bool:
    """The line holds a label of its own field: one in the value's column. A label in a column
    to the left is passed over when it has no value of its own beside it ('Date of expiry' on
    a card, with the address's last words to its right)."""
    for h in nxt.labels:
        if nxt.words[h.end - 1].bbox[2] >= label_x - 20:
            return True
        if h.end < len(nxt.words) and nxt.words[h.end].bbox[0] < min(label_x, value[0].bbox[0]) - 30:
            return True
    return False


def _ends_running_text(line: Line, hit, after: Line | None = None) -> bool:
    """A label that ends its line after the words of a sentence ('Bà: X, sinh năm 1943, ...;
    CCCD số:'), not one heading a column of its own (set apart from what is left of it). The
    line ends where the text does: far across the page, or as far as the line `after` it, which
    starts left of the label (a paragraph in one panel of a landscape page)."""
    words = line.words
    if hit.start == 0:
        return False
    end = words[hit.end - 1].bbox[2]
    height = max(1, words[hit.start].bbox[3] - words[hit.start].bbox[1])
    paragraph = after is not None and after.words and after.left < words[hit.start].bbox[0] and \
        abs(after.words[-1].bbox[2] - end) < 2 * height
    if end < LINE_END * max(line.page_width, 1) and not paragraph:
        return False
    before = max((h.end for h in line.labels if h.end <= hit.start), default=0)
    if not any(c.isalnum() for w in words[before: hit.start] for c in w.text):
        return False  # only leaders since another label: the head of a column ('tên vợ:.. _ tên chồng:')
    return words[hit.start].bbox[0] - words[hit.start - 1].bbox[2] < 1.5 * height


def _longer_label(words: list[Word]) -> bool:
    """A value that opens with a few lower-case words and a colon is the rest of a longer label
    ('Địa chỉ' / 'thường trú:'), not a value; so is one word of letters alone with its colon,
    whatever its case ('tiếp nhận hồ sơ' / 'CỦa:'). A number is no label, its colon misread
    ('CCCD số: 079167205980: Địa chỉ')."""
    if len(words) == 1 and words[0].text.endswith(":"):
        return any(c.isalpha() for c in words[0].text)
    for j, w in enumerate(words[:3]):
        if not w.text[:1].islower():
            return False
        if w.text.endswith(":"):
            return True
    return False


def _ends_in_province(words: list[Word]) -> bool:
    """An address that has reached its province, with no comma after it, is over: what lies
    under it is the next field (its label misread) or specks. A city named as its province
    ('TP. Bắc Ninh') is not the province."""
    text = " ".join(w.text for w in words)
    return not text.rstrip().endswith((",", ";")) and plausible.reaches_province(text) and \
        not plausible.province_follows(text)


def _unfinished_address(prev: Line, nxt: Line, value: list[Word], label_x: int) -> bool:
    """An address that has not reached its province goes on on the next line when that line
    sits right under it, opens no numbered item and no field of its own."""
    if not _right_under(prev, nxt, value) or _opens_field(nxt, value, label_x):
        return False
    text = " ".join(w.text for w in value)
    return not plausible.reaches_province(text) or plausible.province_follows(text)


# Points of label score below the best occurrence's at which an occurrence is a near miss: a
# label printed as it is ('Ngày, tháng, năm đăng ký:', 100) goes before a look-alike read into
# another row's label and value ('Ngày, tháng, năm' + 'ngày 14 ...' of the birth row, 88).
LABEL_NEAR_MISS = 6.0


def _occurrences(spec: FieldSpec, lines: list[Line], anchors: dict[str, tuple[int, int]], ends: int):
    """Where the field's labels are printed: the surest matches first, each group in reading
    order, those in another person's part of the form (from line `ends` on) last; with `near`,
    the occurrences at or after the anchor label's line, nearest to its column first."""
    occ = [(li, h) for li, line in enumerate(lines) for h in line.labels if h.label in spec.labels]
    if occ:
        best = max(h.score for _, h in occ)
        # stable: reading order within each group; another person's rows last
        occ.sort(key=lambda o: (o[0] >= ends, o[1].score < best - LABEL_NEAR_MISS))
    if spec.near and spec.near in anchors:
        a_line, a_x = anchors[spec.near]
        occ = [(li, h) for li, h in occ if li >= a_line and lines[li].page == lines[a_line].page]
        def column(o) -> int:
            return abs(lines[o[0]].words[o[1].start].bbox[0] - a_x) // 200
        occ.sort(key=lambda o: (column(o), o[0]))
        # the anchor's own rows end where a label comes again or the column changes: past them
        # lie the other spouse's, whose value would pass for this one's ('09/16/1904' unreadable)
        own, seen = [], set()
        for o in occ:
            if o[1].label in seen or column(o) != column(occ[0]):
                break
            own.append(o)
            seen.add(o[1].label)
        occ = own
    return occ


def _own_part_ends(spec: FieldSpec, lines: list[Line]) -> int:
    """The line that opens another person's part of the form (spec.before), or past the end."""
    return next((li for li, line in enumerate(lines) for h in line.labels if h.label in spec.before), len(lines))


# A value read under another person's label (a mother's 'Dân tộc' for her child's, whose own
# label did not read): mostly the same, not always; to confirm.
OTHER_PERSONS_ROW = "other_persons_row"


def find_by_label(spec: FieldSpec, lines: list[Line],
                  anchors: dict[str, tuple[int, int]] | None = None) -> tuple[Found | None, bool]:
    """(the value found, whether the label was printed at all)."""
    ends = _own_part_ends(spec, lines)
    occurrences = _occurrences(spec, lines, anchors or {}, ends)
    if not occurrences:
        return None, False
    first_unreadable: Found | None = None
    for li, hit in occurrences:
        words = _after_label(lines, li, hit)
        last = li
        if not _holds_value(spec.kind, words):
            below, below_at = _below_label(lines, li, hit)
            # a speck or a caption's tail after the label ('Full name: R') gives way to the
            # value under it; kept where nothing better lies there
            if below and (not words or _holds_value(spec.kind, below) and not lines[below_at].labels):
                words, last = below, below_at
        if not words:
            continue
        if _longer_label(words):
            continue  # 'Địa chỉ' + 'thường trú:': another field's label, wrapped
        if spec.kind in (TEXT, ADDRESS, AUTHORITY):
            margin = _right_margin([ln for ln in lines if ln.page == lines[li].page])
            label_x = _label_start(lines[li], hit)
            column = min(label_x, words[0].bbox[0])
            nxt = last + 1
            above = last  # the line the next one must sit right under
            while nxt < len(lines) and not (spec.kind == ADDRESS and _ends_in_province(words)) and (
                    _continues(lines[above], lines[nxt], words, label_x, margin)
                    or spec.kind == ADDRESS and _unfinished_address(lines[above], lines[nxt], words, label_x)):
                # in the value's column: what lies left of it is another column (a card's photo)
                more = _under(lines[nxt], column)
                if more and spec.kind == ADDRESS and _only_specks(more):
                    above = nxt  # guilloche read as marks between an address and its wrapped end: passed
                elif more:
                    last, words, above = nxt, words + more, nxt
                elif spec.kind == ADDRESS and _only_specks([w for w in lines[nxt].words if w.bbox[2] >= column - 30]):
                    above = nxt  # the same, where the specks read as no word at all ('^ ~ ` .^')
                elif max(w.bbox[2] for w in lines[nxt].words) >= column - 30:
                    break
                nxt += 1  # a line wholly in the column to the left (specks of the photo) is passed
        elif spec.kind == DATE and not _readable(DATE, words) and last + 1 < len(lines) and \
                _right_under(lines[last], lines[last + 1], words) and not lines[last + 1].labels:
            # 'ngày 10 tháng 05 năm' with its year wrapped onto the next line
            more = _under(lines[last + 1], 0)
            if _readable(DATE, words + more):
                words = words + more
        words = _drop_specks(words)
        found = Found(words, lines[li], hit.score / 100, _label_start(lines[li], hit),
                      past_unreadable=first_unreadable is not None,
                      note=OTHER_PERSONS_ROW if li >= ends else "", label=hit.label)
        if _readable(spec.kind, words):
            return found, True
        first_unreadable = first_unreadable or found
    # a label printed twice ('Có giá trị đến' and 'Date of expiry'): the one whose value reads
    # wins; if none does, the first is returned to be flagged as unreadable
    return first_unreadable, True


def _holds_value(kind: str, words: list[Word]) -> bool:
    """Words after a label that can be its value: any, but a person's full name has two
    syllables or more, of letters only (a caption's misread tail, 'Eư nazn9', holds a digit)."""
    if kind == NAME:
        return sum(w.text.strip(".,:;").isalpha() for w in words) >= 2
    return bool(words)


def _below_label(lines: list[Line], li: int, hit) -> tuple[list[Word], int]:
    """(the value under a label that ends its line, the line it was found on): in the label's
    column, up to where the next label of its line starts."""
    if li + 1 >= len(lines) or lines[li + 1].page != lines[li].page:
        return [], li
    nxt = [h.start for h in lines[li].labels if h.start >= hit.end]
    x_to = lines[li].words[min(nxt)].bbox[0] if nxt else 1 << 30
    x_from = _label_start(lines[li], hit)
    if not nxt and _ends_running_text(lines[li], hit, lines[li + 1]):
        x_from = 0  # a label at the end of a sentence's line: the value wraps to the next line's start
    own = lines[li].words[hit.start - 1] if hit.start else None  # the label's own item number ('9.')
    item_x = own.bbox[0] if own and ITEM.match(own.text) else x_from
    if _opens_item(lines[li + 1], item_x):
        return [], li  # a numbered item under a label left empty ('10. Nghề nghiệp') is the next field
    # a line that opens with another field's label in this column is that field's row ('Quốc
    # tịch: Việt Nam' read above a card's 'Quê quán' value, the lines' order upset by a tilt):
    # its value is not this label's
    other_row = _labelled_in(lines[li + 1], x_from, x_to)
    words = [] if other_row else _under(lines[li + 1], x_from, x_to)
    if not words and li + 2 < len(lines) and lines[li + 2].page == lines[li].page and \
            (not lines[li + 1].labels or other_row and _right_under(lines[li + 1], lines[li + 2], lines[li + 1].words)) and \
            not lines[li + 2].labels and not _opens_item(lines[li + 2], item_x):
        return _under(lines[li + 2], x_from, x_to), li + 2  # past a line of specks, or another field's row
    return words, li + 1


def _labelled_in(line: Line, x_from: int, x_to: int) -> bool:
    """The line opens, in the column from x_from to x_to, with a label (specks before it aside)."""
    inside = [i for i, w in enumerate(line.words) if w.bbox[2] >= x_from - 30 and w.bbox[0] < x_to - 10
              and sum(c.isalnum() for c in w.text) >= 2]
    return bool(inside) and any(h.start <= inside[0] < h.end for h in line.labels)


def _opens_item(line: Line, x_from: int) -> bool:
    """The line's part from x_from on (the label's column, or its own item number's) opens a
    numbered item ('10.'); marks left of it (a card's photo read as 'k.') are not one."""
    first = next((w for w in line.words if w.bbox[2] >= x_from - 30), None)
    return first is not None and bool(ITEM.match(first.text))


def _garbled_authority(words: list[Word]) -> bool:
    """An issuing body read as no issuing body's shape ('Ủy ban nhâ erott-e ờng an hòa', a seal
    over the line of 'Nơi đăng ký'): the header that prints it too is read instead, where it
    reads as one."""
    return bool(plausible.check_authority(parse(AUTHORITY, " ".join(w.text for w in words))))


def _readable(kind: str, words: list[Word]) -> bool:
    if kind in (CODE, NUMBER):
        return any(c.isdigit() for w in words for c in w.text)
    if kind == PERSONAL_ID:  # a fragment of digits is no id: look further
        return vntext.parse_personal_id(" ".join(w.text for w in words)) is not None
    if kind == DATE:
        return parse(kind, " ".join(w.text for w in words)) is not None
    if kind == NAME:  # a full name has two syllables or more: one word is a speck's or a caption's reading
        return _holds_value(NAME, words)
    return True


# --- tables: one column per person ------------------------------------------------------------

def _column_headers(lines: list[Line], header: str, columns: tuple[str, ...] = ()) -> tuple[int, list[Word], int] | None:
    """(line index, header words left to right, index of `header`) of a short line of words
    such as 'MẸ  CHA' or 'Chồng  Vợ' that heads the columns of a table, set apart by wide gaps.
    `columns` are all the table's headers: where `header` itself is misread ('Chồng  Vự'), the
    one word left over beside the others read right is it."""
    want = vntext.fold_tight(header)
    others = {vntext.fold_tight(c) for c in columns} - {want}
    for li, line in enumerate(lines):
        # every header has two letters or more: one letter is a speck of the table's rule ('p-')
        words = [w for w in line.words if sum(c.isalpha() for c in w.text) >= 2]
        if not 2 <= len(words) <= 4:
            continue
        folded = [vntext.fold_tight(w.text) for w in words]
        if want in folded:
            col = folded.index(want)
        else:
            left = [i for i, f in enumerate(folded) if f not in others]
            if not others or len(left) != 1 or len(words) != len(others) + 1:
                continue
            col = left[0]
        height = max(1, sorted(w.bbox[3] - w.bbox[1] for w in words)[len(words) // 2])
        gaps = [b.bbox[0] - a.bbox[2] for a, b in zip(words, words[1:])]
        if min(gaps) > 3 * height:  # headers stand apart; a sentence's words do not
            return li, words, col
    return None


def _runs(words: list[Word]) -> list[list[Word]]:
    """A row's value words, left to right, in runs split at gaps wider than a space."""
    words = sorted(words, key=lambda w: w.bbox[0])
    if not words:
        return []
    height = sorted(w.bbox[3] - w.bbox[1] for w in words)[len(words) // 2]
    runs, run = [], [words[0]]
    for prev, w in zip(words, words[1:]):
        if w.bbox[0] - prev.bbox[2] > 0.8 * height:  # wider than a space between words
            runs.append(run)
            run = []
        run.append(w)
    runs.append(run)
    return runs


def _nearest(centres: list[float], run: list[Word]) -> int:
    mid = (run[0].bbox[0] + run[-1].bbox[2]) / 2
    return min(range(len(centres)), key=lambda i: abs(centres[i] - mid))


def _spans_two(run: list[Word], centres: list[float]) -> bool:
    return sum(run[0].bbox[0] < c < run[-1].bbox[2] for c in centres) >= 2


def _column_starts(rows: list[list[list[Word]]], centres: list[float]) -> list[float | None]:
    """Where each column's values start, from the table's own rows (each as its runs): the
    median over rows of the left edge of the column's first run, among runs that span no two
    headers."""
    seen: list[list[int]] = [[] for _ in centres]
    for runs in rows:
        firsts: dict[int, int] = {}
        for run in runs:
            if not _spans_two(run, centres):
                i = _nearest(centres, run)
                firsts[i] = min(firsts.get(i, run[0].bbox[0]), run[0].bbox[0])
        for i, x in firsts.items():
            seen[i].append(x)
    return [float(statistics.median(xs)) if xs else None for xs in seen]


def _cells(runs: list[list[Word]], centres: list[float], starts: list[float | None]) -> list[list[Word]]:
    """Give a row's runs of value words (_runs) to the column whose header is nearest each
    one's centre, a run across two headers split first."""
    out: list[list[Word]] = [[] for _ in centres]
    for run in (part for run in runs for part in _split_across(run, centres, starts)):
        out[_nearest(centres, run)].extend(run)
    return out


def _split_across(run: list[Word], centres: list[float], starts: list[float | None]) -> list[list[Word]]:
    """A run of words that spans two columns' headers is two cells whose gap read as narrow as
    a space ('NGUYỄN TRỌNG KIÊN ĐINH BẢO VÂN' under 'Chồng' and 'Vợ'): split before the word
    that starts nearest where the second column's values start on the table's other rows, or
    where none told, at the gap nearest midway between the headers; again while a part still
    spans two."""
    if len(run) < 2 or not _spans_two(run, centres):
        return [run]
    second = next(i for i, c in enumerate(centres) if run[0].bbox[0] < c) + 1
    start = starts[second] if second < len(starts) else None
    if start is not None:
        cut = min(range(1, len(run)), key=lambda i: abs(run[i].bbox[0] - start))
    else:
        edge = (centres[second - 1] + centres[second]) / 2
        cut = min(range(1, len(run)), key=lambda i: max(run[i - 1].bbox[2] - edge, edge - run[i].bbox[0], 0))
    return _split_across(run[:cut], centres, starts) + _split_across(run[cut:], centres, starts)


@dataclass
class _Row:
    label: list[Word]
    cells: list[list[Word]]
    line: Line


ROW_LABEL_SCORE = 80  # fuzzy ratio (folded letters) from which a cell's words are its row's label


def _table_rows(lines: list[Line], hi: int, headers: list[Word], row_labels: tuple[str, ...] = ()) -> list[_Row]:
    """The rows under a column header line: each row's label (the words left of the first
    column, wrapped over lines: 'Họ, chữ đệm,' / 'tên') and its cells, one per column, wrapped
    values joined. A row starts where a label starts with a capital, or reads as one of the
    table's `row_labels` (folded) whose capital was misread ('|cáy tờ tùy thần'); the table
    ends at a line whose words run across the first column's edge (a labelled line the width
    of the page)."""
    centres = [(w.bbox[0] + w.bbox[2]) / 2 for w in headers]
    edge = centres[0] - (centres[1] - centres[0]) / 2 if len(centres) > 1 else headers[0].bbox[0]
    body: list[tuple[Line, list[Word], list[list[Word]]]] = []  # (line, its label, its value runs)
    for line in lines[hi + 1:]:
        if line.page != lines[hi].page:
            break
        label = [w for w in line.words if w.bbox[2] <= edge]
        rest = [w for w in line.words if w.bbox[2] > edge]
        if any(w.bbox[0] < edge - 10 and any(c.isalnum() for c in w.text) and not _stray(w) for w in rest):
            break  # a word across the column edge: the table is over (a speck there, '_', 'ˆ', is none)
        body.append((line, label, _runs(rest)))
    value_starts = _column_starts([runs for _, _, runs in body], centres)
    rows: list[_Row] = []
    for line, label, runs in body:
        cells = _cells(runs, centres, value_starts)
        # specks of the cell's rule read before a label ('¡Ngày, tháng,', '| Quốc tịch') do not
        # hide its capital: its first letter does
        first = next((c for w in label for c in w.text if c.isalpha()), "")
        tight = vntext.fold_tight(" ".join(w.text for w in label))
        starts = first.isupper() or bool(tight) and any(fuzz.ratio(tight, t) >= ROW_LABEL_SCORE for t in row_labels)
        if starts or not rows:
            rows.append(_Row(label, cells, line))
        else:
            rows[-1].label += label
            for i, c in enumerate(cells):
                rows[-1].cells[i] += c
    return rows


CELL_RULE = "|¡"  # a table's vertical rule as OCR reads it


def find_in_table(spec: FieldSpec, lines: list[Line], columns: tuple[str, ...] = (),
                  row_labels: tuple[str, ...] = ()) -> Found | None:
    head = _column_headers(lines, spec.column, columns)
    if head is None:
        return None
    hi, headers, col = head
    targets = [vntext.fold_tight(label) for label in spec.labels]
    best: tuple[float, _Row] | None = None
    for row in _table_rows(lines, hi, headers, row_labels):
        text = vntext.fold_tight(" ".join(w.text for w in row.label))
        if not text:
            continue
        score = max(fuzz.ratio(text, t) for t in targets)
        if score >= ROW_LABEL_SCORE and (best is None or score > best[0]):
            best = (score, row)
    if best is None:
        return None
    cell = _strip_leading(best[1].cells[col])
    if cell and len(cell[0].text) > 1 and cell[0].text[0] in CELL_RULE:
        # the cell's rule read glued to its value ('|08/07/1985'): as a digit it would make the day 108
        cell = [replace(cell[0], text=cell[0].text[1:]), *cell[1:]]
    return Found(cell, best[1].line, best[0] / 100) if cell else None


# --- fallbacks: values printed without a label -----------------------------------------

# 'ngày' may lose its 'ng' under a signature ("'ày 07 tháng 05 năm 2024"), or its 'n' with the
# space before it ('Hà Nội,hhgày 17 tháng 02 năm 2023')
# ... or lose it whole under a seal ('No lon 14 tháng 11 năm 2021'): a day, month and year in
# digits around 'tháng' and 'năm' are a date without it
PLACE_DATE = re.compile(r"(?:\w*gay|(?<![^\W\d_])ay)\s*\S{1,3}\s*thang\s*\S{1,3}\s*nam\s*\S{4}"
                        r"|(?<!\S)\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}(?!\d)")


def registry_copy(lines: list[Line]) -> bool:
    """The paper is a registry's copy ('(BẢN SAO)' under its title, 'Sao từ Sổ đăng ký ...' over
    its signing line): dated the day it was copied, which is the registration's only where it
    was issued then (a death's extract, mostly; a birth registered in 1989 was copied in 2024)."""
    folded = [vntext.fold_tight(line.text) for line in lines]
    return any(text == "bansao" or "saotuso" in text for text in folded)


def _place_date(lines: list[Line]) -> Found | None:
    """The last 'Place, ngày dd tháng mm năm yyyy' line: the date the document was made."""
    for line in reversed(lines):
        folded = line.folded
        m = PLACE_DATE.search(folded)
        if not m:
            continue
        # the place before the date is often lost under the seal or signature, its comma with it:
        # a date line in the lower half of the page that follows no label counts too
        low = line.page_height and line.top > line.page_height / 2
        if "," in folded[: m.start() + 1] or low and ":" not in folded[: m.start()]:
            words = line.words
            start = next((i for i, w in enumerate(words) if vntext.fold_tight(w.text) == "ay"
                          or vntext.fold_tight(w.text).endswith("gay")), None)  # 'ngày', 'ày', 'Nội,hhgày'
            if start is None:  # 'ngày' lost: the date from its day on
                start = next((i for i, (w, after) in enumerate(zip(words, words[1:]))
                              if w.text.isdigit() and vntext.fold_tight(after.text) == "thang"), 0)
            return Found(words[start:], line, 1.0)
    return None


@dataclass
class _Member:
    """One row of a household's member table: its cells, as words."""
    line: Line
    name: list[Word]
    birth: list[Word]
    sex: list[Word]
    pid: list[Word]
    relationship: list[Word]


# The item that opens a residence paper's member table ('10. Thông tin thành viên hộ gia đình',
# 'Những thành viên trong hộ gia đình'): its rows follow, each a person of the household.
MEMBERS_OPEN = "thanh vien"
MEMBER_TABLE = "member_table_row"  # a value read from the member table, not at its label: to confirm


def _member(line: Line) -> _Member | None:
    """A member row by its cells' shapes, whatever the columns' widths: a number, a name in
    capitals, a date, a sex, a personal id, then the relationship to the household head."""
    words = line.words
    at_date = next((i for i, w in enumerate(words) if vntext.parse_date(w.text)), None)
    at_id = next((i for i, w in enumerate(words) if _ID_TOKEN.match(w.text)), None)
    if at_date is None or at_id is None or not at_date < at_id:
        return None
    name = [w for w in words[:at_date] if any(c.isalpha() for c in w.text)]
    # in capitals; its spaces may be lost in a narrow column ('PHẠMTHỊMINHAN')
    if sum(len(w.text) for w in name) < 4 or not all(w.text.isupper() for w in name):
        return None
    return _Member(line, name, [words[at_date]], words[at_date + 1:at_id], [words[at_id]], words[at_id + 1:])


def _members_open(lines: list[Line]) -> int | None:
    """The line of the item that opens the member table, or None where it is not printed."""
    return next((i for i, ln in enumerate(lines) if MEMBERS_OPEN in ln.folded), None)


def _in_members(lines: list[Line], line: Line) -> bool:
    """The line is the member table's (its head or a row): after the item that opens it."""
    start = _members_open(lines)
    return start is not None and lines.index(line) > start


ROW_NUMBER = re.compile(r"^\d{1,2}[.)]?$")


def _members(lines: list[Line]) -> tuple[list[_Member], int]:
    """(the rows of the member table that read whole, how many rows it prints): lines after
    the item that opens it that start with a row's number and hold digits besides. None
    where it is not printed."""
    start = _members_open(lines)
    if start is None:
        return [], 0
    after = lines[start + 1:]
    printed = sum(bool(ROW_NUMBER.match(ln.words[0].text)) and any(c.isdigit() for w in ln.words[1:] for c in w.text)
                  for ln in after)
    return [m for m in map(_member, after) if m is not None], printed


def _same_person(row: _Member, out: dict[str, FieldValue]) -> bool:
    """The row names the paper's person: the id read at its label, or else the name."""
    pid, name = out.get("personal_id"), out.get("full_name")
    if pid and pid.value:
        return vntext.parse_personal_id(row.pid[0].text) == pid.value
    return bool(name and name.value) and vntext.fold_tight(" ".join(w.text for w in row.name)) == \
        vntext.fold_tight(name.value)


def _member_row(lines: list[Line], key: str, out: dict[str, FieldValue]) -> Found | None:
    """A residence paper's fact of its person, or its household head's name, from the member
    table where its label's value did not read (a faded fill-in, a black-and-white scan that
    lost it): the person's row is the table's one row, or the row with the person's id (or
    name) as read at the labels; the head's is the row related as 'Chủ hộ'. Noted
    `member_table_row`, for a person to confirm."""
    rows, printed = _members(lines)
    if key == "household_head_name":
        heads = [r for r in rows if vocab.snap_start("relationship", " ".join(w.text for w in r.relationship)) == "Chủ hộ"]
        row, cell = (heads[0], "name") if len(heads) == 1 else (None, "")
    else:
        mine = rows if len(rows) == printed == 1 else [r for r in rows if _same_person(r, out)]
        cell = {"full_name": "name", "date_of_birth": "birth", "sex": "sex", "personal_id": "pid",
                "relationship_to_head": "relationship"}[key]
        row = mine[0] if len(mine) == 1 else None
    words = getattr(row, cell) if row else []
    return Found(words, row.line, 1.0, note=MEMBER_TABLE) if words else None


def _left_block(words: list[Word], width: int) -> list[Word] | None:
    """The words of the left header column on a line that may also hold the right one (the
    national motto): cut at the widest gap. None for a centred line such as the title."""
    words = sorted(words, key=lambda w: w.bbox[0])
    # the widest gap left of where the motto's column starts: one further right is a speck's at
    # the page's edge ('Hạnh phúc _ ..' past the motto)
    gaps = [(words[i + 1].bbox[0] - words[i].bbox[2], i) for i in range(len(words) - 1)
            if words[i].bbox[2] < 0.62 * width]
    gap, i = max(gaps, default=(0, -1))
    if gap > 0.04 * width:
        return words[: i + 1]
    if words[-1].bbox[2] < 0.55 * width:
        return words
    return None


def _header(lines: list[Line], title: str = "") -> Found | None:
    """The issuing body in the top-left block of page 1, above the title. For the police the
    parent body is printed above, so the last line of the block names the issuer; a People's
    Committee prints 'ỦY BAN NHÂN DÂN' / 'PHƯỜNG CẦU DỀN', one name on two lines."""
    block: list[list[Word]] = []
    for line in lines:
        width = max(line.page_width, 1)
        if line.page != 1 or (title and line.text.strip() == title.strip()):
            break
        left = _left_block(line.words, width)
        if left is None:
            if block:
                break  # a centred line (the title) ends the header
            continue
        letters = "".join(w.text for w in left)
        if vntext.fold(letters).startswith("so:") or vntext.fold(" ".join(w.text for w in left)).startswith("so "):
            continue  # "Số: 124/2025" under the header is the registration number
        if left and sum(c.isupper() for c in letters) >= 0.6 * max(1, sum(c.isalpha() for c in letters)):
            block.append(left)
        elif block:
            break
    if not block:
        return None
    words = block[-1]
    if len(block) > 1 and vntext.fold_tight(" ".join(w.text for w in block[-2])) in ("uybannhandan", "ubnd"):
        words = block[-2] + words
    line = next(ln for ln in lines if words[-1] in ln.words)
    return Found(words, line, 1.0)


def _committee_read_through_seal(line: Line) -> tuple[int, int] | None:
    """Where 'ỦY BAN NHÂN DÂN' is printed in capitals on the line, its letters misread where the
    seal's ink crosses them ('UY, BẠN NHÂN DẪN', 'TM_HY BAN NHÂN DÂN', 'KH BẠN NHAN DẪN'), with
    any specks before it and its unit, if any, after it: (start, end) of its words."""
    words = line.words
    for start in range(len(words)):
        for size in (4, 3):
            window = words[start:start + size]
            if len(window) < size or capitals(window) < size:
                continue
            if fuzz.ratio(vntext.fold_tight(" ".join(w.text for w in window)), COMMITTEE_FOLDED) < COMMITTEE_MIN_SCORE:
                continue
            rest = " ".join(w.text for w in words[start + size:])
            if not rest or _UNIT_LINE.match(adminunits.fold_chars(rest)):
                return start, start + size
    return None


COMMITTEE_FOLDED = vntext.fold_tight(adminunits.COMMITTEE)
# Points of similarity at which the line's last words are 'ỦY BAN NHÂN DÂN' misread: 'TMHY BAN
# NHÂN DẪN' scores 85, 'BAN NHÂN DÂN' alone 91; a name in capitals ('BÙI VĂN NHÂN') under 60.
COMMITTEE_MIN_SCORE = 84


def _signature(lines: list[Line]) -> Found | None:
    """The issuing body in capitals in the signature block (land certificates), without TM./KT.,
    with the line below it when that line carries the body's province ('TỈNH LÀO CAI')."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        m = _BODY_LINE.match(adminunits.fold_chars(line.text))
        at = None if m else _committee_read_through_seal(line)
        misread = line.words[at[0]:at[1]] if at else []
        if m or misread:
            if misread:  # the body's name is known: printed whole again (to confirm), its unit after it
                words = [Word(adminunits.COMMITTEE.upper(), min(w.conf for w in misread), tuple(_bbox(misread)),
                              misread[0].line),
                         *line.words[at[1]:]]
                bare = at[1] == len(line.words)
            else:
                words = [w for w in _words_from(line, m.start(1)) if vntext.fold(w.text).rstrip(".") not in ("tm", "kt")]
                bare = len(words) <= 4
            unit = _unit_line(lines[i + 1]) if i + 1 < len(lines) and lines[i + 1].page == line.page else []
            if not unit and bare:  # 'ỦY BAN NHÂN DÂN' and its unit line lost under the seal
                unit = _place_of_signing(lines[:i])
            repaired = misread and " ".join(w.text for w in misread) != adminunits.COMMITTEE.upper()
            return Found(words + unit, line, 1.0, note=PHRASE_REPAIRED if repaired else "")
    return None


def _place_of_signing(lines: list[Line]) -> list[Word]:
    """The place that opens the place-date line above a signature ('Cẩm Phả, ngày 25 tháng 01
    năm 2023'), where it is a district's exact name: a district's committee signs there. Its
    type is put in by adminunits.repair_unit_type, which flags it."""
    for line in reversed(lines):
        if not PLACE_DATE.search(line.folded):
            continue
        comma = next((k for k, w in enumerate(line.words) if w.text.endswith(",")), None)
        if comma is None:
            return []
        place = line.words[:comma + 1]
        text = " ".join(w.text for w in place).rstrip(",")
        n = adminunits.district_name_at_end(text)
        if not n or n != len(text.split()):
            return []
        return place[:-1] + [replace(place[-1], text=place[-1].text.rstrip(","))]
    return []


# The seal printed over a signature block leaves a few specks before its lines ('z ệ TM. UY
# BAN', 'zZ:HUYỆN QUỲNH LƯU', 'No; 7 HUYỆN AN DƯƠNG'): up to three marks of 1-3 characters.
_SPECKS = r"^(?:\S{1,3}\s*){0,3}?"
_BODY_LINE = re.compile(_SPECKS + r"((?:tm\.?|kt\.?)?\s*(?:so tai nguyen|uy ban|ubnd|van phong dang ky))")
# The unit line under 'ỦY BAN NHÂN DÂN' in a signature block
_UNIT_LINE = re.compile(_SPECKS + r"(?=(tinh|thanh ?pho|huyen|quan|thi ?xa)\b)")  # 'THỊXÃ': its space lost


def _unit_line(line: Line) -> list[Word]:
    """The words of the line from its unit type word on, specks before it dropped; none when the
    line does not name a unit."""
    if not line.words:
        return []
    m = _UNIT_LINE.match(adminunits.fold_chars(line.text))  # one character for one: positions hold
    if m:
        return _words_from(line, m.end())
    # the type word lost under the seal, the district's name whole ('+ ANRH*EHỐ CẨM PHẢ'): the
    # name, and the one mark before it that stands for its type (adminunits.repair_unit_type)
    n = adminunits.district_name_at_end(line.text)
    return line.words[-n - 1:] if n and len(line.words) > n and len(line.words) <= n + 3 else []


def _words_from(line: Line, junk: int) -> list[Word]:
    """The line's words from character `junk` of its text on (words joined by one space)."""
    words = list(line.words)
    while words and junk >= len(words[0].text) + 1:  # whole words of specks, and the space after them
        junk -= len(words[0].text) + 1
        words.pop(0)
    if words and junk:
        words[0] = replace(words[0], text=words[0].text[junk:])
    return words


# Two capitals of the Vietnamese alphabet (Đ among them: "CĐ 619691") and 6 or 8 digits; a
# speck of the red print between them ('CĐ) 298685', 'CHÍ 173866') is no part of it. One of the
# two may be read as the digit it looks like in the serial's typeface ('C5 642841'): then only
# with its space, so that a sketch's number ('S9128863') is none. The serial's letters are read
# as other marks too, kept as read for repair_serial to put right, flagged: on 82 outside seeds
# the second letter read twice ('CHH 333277', 'CKK 812208': 10 serials), the C as '©' (7), the
# Đ as the Icelandic eth 'Ð' (2), which Vietnamese never prints.
SERIAL = re.compile(r"(?<![\w©])(?:(?P<letters>[A-ZĐÐ©](?P<second>[A-ZĐÐ])(?P=second)?)[^\s\dA-ZĐa-z]?\s?"
                    r"|(?P<digitish>[A-ZĐ][5826]|[5826][A-ZĐ])\s)(?P<digits>\d{6}|\d{8})\b")
SERIAL_LETTERS = str.maketrans("5826©Ð", "SBZGCĐ")  # what a serial's letters are read as
SERIAL_READ = re.compile(r"([A-ZĐÐ©0-9]{2,3}) (\d{6}|\d{8})")
SERIAL_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")


def serial_parts(m: re.Match) -> tuple[str, str]:
    """(the serial's letters as read, its digits) of a SERIAL match."""
    return m.group("letters") or m.group("digitish"), m.group("digits")


def repair_serial(value: str) -> str:
    """'C5 642841' -> 'CS 642841', 'CHH 333277' -> 'CH 333277', '©S 249032' -> 'CS 249032': a
    serial opens with two letters, never a digit, a mark or three letters."""
    m = SERIAL_READ.fullmatch(value)
    if not m or len(m.group(1)) == 2 and set(m.group(1)) <= SERIAL_ALPHABET:
        return value
    letters = m.group(1).translate(SERIAL_LETTERS)
    if len(letters) == 3 and letters[1] == letters[2]:
        letters = letters[:2]
    return f"{letters} {m.group(2)}" if len(letters) == 2 and set(letters) <= SERIAL_ALPHABET else value


def _serial(lines: list[Line]) -> Found | None:
    for line in lines:
        m = SERIAL.search(line.text)
        if m:
            letters, digits = serial_parts(m)
            words = [w for w in line.words if letters in w.text or digits in w.text]
            return Found(words, line, 1.0)
    return None


ID_PARTS = 4  # groups an id is printed in at most ('001 090 123 456')
_ID_LIKE = re.compile(r"\d{9,13}")  # a card's number misread by a digit or a few, still a number that long
_ID_TOKEN = re.compile(r"^[^0-9A-Za-z]*([0-9OoDQlISsBZG]{12}|[0-9OoDQlISsBZG]{9})[^0-9A-Za-z]*$")


def _id_by_shape(lines: list[Line]) -> Found | None:
    """The one personal id printed on a card whose 'Số' label OCR lost: the only number of
    12 digits (or 9, an old CMND) standing alone on the document. Two different ones: none."""
    seen: dict[str, tuple[list[Word], Line]] = {}
    for line in lines:
        for i in range(len(line.words)):
            for n in range(1, ID_PARTS + 1):  # its groups read as words of their own ('092 193480971')
                span = line.words[i:i + n]
                m = _ID_TOKEN.match("".join(w.text for w in span))
                if len(span) == n and m and sum(c.isdigit() for c in m.group(1)) >= len(m.group(1)) - 2 and \
                        all(any(c.isdigit() for c in w.text) for w in span):
                    seen.setdefault(vntext.digits(m.group(1)), (span, line))
    full = {k: v for k, v in seen.items() if len(k) == 12} or seen
    if len(full) != 1:
        return None
    words, line = next(iter(full.values()))
    return Found(words, line, 0.6)  # no label: less sure than a labelled value


# A card prints its particulars in one fixed place each; where a label is lost (blurred,
# under the guilloche) the value is known by what it is. Values found so are flagged
# `label_not_read` for a person to confirm.
SHAPE_FALLBACKS = {"card_sex", "card_nationality", "card_birth", "card_name", "card_origin"}


_CARD_SEX = {"nam": "Nam", "nu": "Nữ"}


EARLIEST_BIRTH = "1900"  # a year read shorter than written ('một nghìn' of 'một nghìn chín trăm ...') is none
WORDS_WRAP = 2  # lines a date in words runs on over
IN_WORDS = "bang chu"  # 'Ghi bằng chữ:', 'Bằng chữ:': the date written out in words below the digits
DATE_FROM_WORDS = "date_from_words"
DATE_WORDS_DIFFER = "date_differs_from_words"


def _date_in_words(lines: list[Line]) -> Found | None:
    """The date a birth or death certificate writes out in words after 'Bằng chữ' ('Ngày hai
    mươi tám, tháng tư, năm hai nghìn không trăm mười sáu'), its end wrapped over a line or two:
    for a date whose digits did not read (to confirm), and to hold the digits against."""
    for i, line in enumerate(lines):
        if IN_WORDS not in line.folded:
            continue
        words, more = line.words, []
        for nxt in lines[i + 1: i + 1 + WORDS_WRAP]:  # the words wrap over a line or two
            if nxt.labels or nxt.page != line.page:
                break
            more += nxt.words
        for taken in (words + more, words, more):  # the longest reading of the year first
            iso = vntext.parse_date_in_words(" ".join(w.text for w in taken))
            if iso and iso >= EARLIEST_BIRTH:
                box = taken[0]
                return Found([Word(iso, min(w.conf for w in taken), box.bbox, box.line)], line, 0.9,
                             note=DATE_FROM_WORDS)
    return None


def _card_sex(lines: list[Line]) -> Found | None:
    """The one 'Nam' or 'Nữ' standing alone on a card: not the end of a place name or of a
    person's name ('Việt Nam', 'Hà Nam', 'VĂN NAM': a capitalised word before it), nor 'NAM'
    in capitals, what is left of the motto's 'VIỆT NAM'."""
    hits: list[tuple[str, Word, Line]] = []
    for line in lines:
        for i, w in enumerate(line.words):
            word = w.text.strip("._|:;,")
            sex = _CARD_SEX.get(vntext.unstutter(vntext.fold(word)))  # 'NữỮ'
            if sex == "Nam" and vntext.fold(word) != word.lower():
                continue  # 'năm' ('Ngày, tháng, năm sinh'), 'nằm': other words, not a misread 'Nam'
            prev = line.words[i - 1].text if i else ""
            if sex and \
                    not (prev.isalpha() and prev[:1].isupper()) and not (sex == "Nam" and w.text.isupper()):
                hits.append((sex, w, line))
    if len({sex for sex, _, _ in hits}) != 1:
        return None
    _, word, line = hits[0]
    return Found([word], line, 0.6)


def _card_name(lines: list[Line]) -> Found | None:
    """The run of words in capitals that ends the first line below the card's id number and
    above its first date (what is left of a lost 'Họ và tên' comes before it, in lower case).
    The number marks the line however it read: 13 digits for 12 ('0220967944470') still do."""
    start = next((i for i, ln in enumerate(lines) if any(_ID_TOKEN.match(w.text) or _ID_LIKE.search(w.text)
                                                         for w in ln.words)), None)
    if start is None:
        return None
    for line in lines[start + 1:]:
        if vntext.parse_date(line.text):
            return None
        run: list[Word] = []
        for w in reversed(line.words):
            if not (w.text.isalpha() and w.text.isupper()):
                break
            run.insert(0, w)
        if 2 <= len(run) <= 7:
            return Found(run, line, 0.6)
    return None


CARD_ORIGIN_LINES = 2  # lines a card's place of origin takes, wrapped


def _card_labels(key: str) -> tuple[str, ...]:
    return next(f.labels for f in doctypes.get("cccd").fields if f.key == key)


_BEFORE_ORIGIN = _card_labels("nationality")  # the captions of the line a card prints above it
_AFTER_ORIGIN = _card_labels("place_of_residence")  # ... and under it


def _card_origin(lines: list[Line]) -> Found | None:
    """A card's place of origin whose caption did not read ('Quê cáo', '-... m. THanh'): the
    address on the line or two under the card's nationality, up to the caption of its residence
    or the province it reaches, from the first word that opens one of its units ('Xã Hải Anh',
    'Phường 13', 'Cái Khế'): what is left of the caption before it. None where they hold no
    address of two parts."""
    above = next((i for i, ln in enumerate(lines) if any(h.label in _BEFORE_ORIGIN for h in ln.labels)
                  or _card_nationality([ln])), None)
    if above is None:
        return None
    taken: list[Line] = []
    for line in lines[above + 1:above + 1 + CARD_ORIGIN_LINES]:
        if any(h.label in _AFTER_ORIGIN for h in line.labels):
            break
        taken.append(line)
        if plausible.reaches_province(line.text):
            break
    words = [w for ln in taken for w in ln.words]
    for i in range(len(words)):
        if not any(c.isalnum() for c in words[i].text):
            continue  # a speck opens no address
        text = adminunits.repair_separators(" ".join(w.text for w in words[i:]))  # 'Phường 13. quận'
        first = re.split(r"[,;]", text)[0].strip(" .")
        if "," in text and (adminunits.opens_unit(first) or adminunits.spells_unit(first)):
            return Found(words[i:], next(ln for ln in taken if words[i] in ln.words), 0.6)
    return None


def _card_nationality(lines: list[Line]) -> Found | None:
    """'Việt Nam' in the card's body: not the motto's (in capitals), nor the end of an
    address ('Hà Nội - Việt Nam' on an old card's place of origin)."""
    for line in lines:
        for i, (a, b) in enumerate(zip(line.words, line.words[1:])):
            # after a place's name and its dash or comma, unless the nationality's caption comes
            # first on the line ('Quốc ch, Việt Nam': its 'tịch' misread, its colon a comma)
            after_place = i > 0 and line.words[i - 1].text.endswith(("-", "–", ",")) and \
                not any(vntext.fold(w.text).startswith("quoc") for w in line.words[:i])
            if vntext.fold(a.text) == "viet" and vntext.fold(b.text).rstrip(".,") == "nam" and \
                    not a.text.isupper() and not after_place:
                return Found([a, b], line, 0.6)
    return None


def _card_birth(lines: list[Line]) -> Found | None:
    """The earliest of a card's dates, where it has others at least 14 years later (the
    expiry, the date of issue): the date of birth."""
    dates: list[tuple[str, list[Word], Line]] = []
    for line in lines:
        for w in line.words:
            iso = vntext.parse_date(w.text)
            if iso and iso[0].isdigit():
                dates.append((iso, [w], line))
    if len({d for d, _, _ in dates}) < 2:
        return None
    first, last = min(dates), max(dates)
    if int(last[0][:4]) - int(first[0][:4]) < 14:
        return None
    return Found(first[1], first[2], 0.6)


def _milestone_date(lines: list[Line], birth: str | None, captions: tuple[str, ...] = ()) -> Found | None:
    """A card's expiry printed away from its caption: 'Không thời hạn', or the one date on
    the card that falls on its holder's 14th, 25th, 40th or 60th birthday (DOMAIN §4)."""
    for line in lines:
        if "khong thoi han" in line.folded:
            return Found(line.words, line, 0.8)
    if not birth:
        return None
    for line in lines:
        for i in range(len(line.words)):
            words = line.words[i:i + 5]
            iso = vntext.parse_date(" ".join(w.text for w in words))
            if iso and iso[4:] == birth[4:] and int(iso[:4]) - int(birth[:4]) in CARD_AGES:
                return Found([w for w in words if any(c.isdigit() for c in w.text)] or words, line, 0.8)
    return _milestone_in_part(lines, birth) or _milestone_in_pieces(lines, birth, captions)


EXPIRY_FROM_BIRTHDAY = "expiry_from_birthday"


def _birthday_found(date: str, box: Word, line: Line) -> Found:
    """The holder's birthday a card runs to, found in a misread date: in the box read, to confirm."""
    return Found([Word(date, box.conf, box.bbox, box.line)], line, 0.8, note=EXPIRY_FROM_BIRTHDAY)


PART_DATE = re.compile(r"(\S{0,2})\s*[-/.]\s*(\S{2})\s*[-/.]\s*(\S{3,4})")  # the year's last digit may be lost
LOST_DIGITS = 2  # of a date's eight: more lost, and the birthday is a guess


def _milestone_in_part(lines: list[Line], birth: str) -> Found | None:
    """A card's expiry read in part ('-08-2028', '29-06-203g', '17-05-203'): where its legible digits are a
    birthday of the holder's that a card runs to but for two at most, month and decade read
    right, it is that birthday (noted `expiry_from_birthday`, for a person to confirm)."""
    year, month, day = int(birth[:4]), birth[5:7], birth[8:10]
    dues = [(age, f"{day}{month}{year + age}") for age in CARD_AGES]
    for line in lines:
        for w in line.words:  # every digit read, a separator lost ('¡2703-2031')
            d = vntext.digits(w.text, ocr=False)
            if any(d == due for _, due in dues):
                return _birthday_found(f"{d[:2]}/{d[2:4]}/{d[4:]}", w, line)
        for m in PART_DATE.finditer(line.text):
            d, mo, y = m.group(1).rjust(2, "?"), m.group(2), m.group(3)
            for age, due in dues:
                read = d + mo + y
                lost = sum(a != b for a, b in zip(read, due)) + len(due) - len(read)
                if mo == month and y[:3] == due[4:7] and lost <= LOST_DIGITS:
                    box = [w for w in line.words if any(c.isdigit() for c in w.text)][:1] or line.words[:1]
                    return _birthday_found(f"{day}/{month}/{year + age}", box[0], line)
    return None


EXPIRY_REACH = 3  # lines from the expiry's caption on, within which the pieces of its date lie
DAY_MONTH = re.compile(r"(?<!\d)(\d{2})\s*[-/.]\s*(\d{2})(?!\d)")
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _milestone_in_pieces(lines: list[Line], birth: str, captions: tuple[str, ...]) -> Found | None:
    """A card's expiry read in two pieces on two lines under its caption ('2024' above '23/10I':
    the date under the photo, its line broken by the skew): the holder's birthday day and month
    in one piece and, in the other, a year the card runs to (noted `expiry_from_birthday`)."""
    year, month, day = int(birth[:4]), birth[5:7], birth[8:10]
    at = next((i for i, ln in enumerate(lines) if any(h.label in captions for h in ln.labels)), None)
    if at is None:
        return None
    near = [ln for ln in lines[at:at + EXPIRY_REACH] if vntext.parse_date(ln.text) != birth]
    text = " ".join(ln.text for ln in near)
    if not any(m.groups() == (day, month) for m in DAY_MONTH.finditer(text)):
        return None
    for m in YEAR.finditer(text):
        if int(m.group(1)) - year in CARD_AGES:
            line = next(ln for ln in near if m.group(1) in ln.text)
            box = next(w for w in line.words if m.group(1) in w.text)
            return _birthday_found(f"{day}/{month}/{m.group(1)}", box, line)
    return None


def _title(lines: list[Line], title: str) -> Found | None:
    for line in lines:
        if title and line.text.strip() == title.strip():
            return Found(line.words, line, 1.0)
    return None


# --- values -----------------------------------------------------------------------------

LETTER_FOR_DIGIT = re.compile(r"^[^\W\d_]\d")  # one letter against the digits that follow: a digit misread
LETTER_IN_DIGITS = re.compile(r"\d[^\W\d_]\d")  # one letter between digits ('4G7'): a code's letters stand in groups of their own
CODE_EDGES = "()[].;:"  # marks that neither open nor close a code, number or serial


def parse(kind: str, raw: str) -> str | None:
    if kind == DATE:
        return vntext.parse_date(raw)
    if kind == PERSONAL_ID:
        return vntext.parse_personal_id(raw) or vntext.boxed_digits(raw) or vntext.digits(raw) or None
    if kind == SEX:
        return vntext.parse_sex(raw)
    if kind == AREA:
        return vntext.parse_area(raw)
    if kind == PHONE:
        return vntext.parse_phone(raw)
    if kind == NAME:  # a name has no comma: 'NGUYỄN VĂN A, sinh năm 1980, ...'
        return vntext.clean_name(HONORIFIC.sub("", raw.split(",")[0])) or None
    if kind in (CODE, NUMBER):
        v = vntext.clean_value(raw).strip("_|")
        m = SERIAL.search(v)
        if m:
            return " ".join(serial_parts(m))
        # a bracket or stop read against its end ('...-0111)') is none of a code's characters
        code = v.split(",")[0].split()[0].strip(CODE_EDGES) if v.split() else ""
        # a word with no digit is no number: the next line's, where the printed one is blank
        return code if any(c.isdigit() for c in code) else None
    if kind == TITLE:  # a known title put right by its folded spelling; others as printed
        value = vntext.clean_value(raw)
        return vocab.snap("form_title", value) or value or None
    if kind in (ETHNICITY, NATIONALITY, RELATIONSHIP):
        value = vntext.clean_value(raw)
        return vocab.snap(kind, value) or vocab.snap_start(kind, value) or value or None
    if kind == AUTHORITY:
        return authority_name(raw.split(",")[0]) or None
    return vntext.clean_value(raw) or None


# A form's 'Ông/bà: NGUYỄN VĂN A' or 'Bà HOÀNG THỊ B': the form of address is not the name
# (only where a name of two words or more follows: 'Ông' is also a family name).
# 'Ông/bà' read with its slash lost or read as a letter ('Ôngfbà'), and with a lower-case 'h'
# for the 'b' ('Ông hà'), is still the form of address; 'Ông Hà' with a capital may be the
# family name Hà. 'Ông/b¿:' is 'Ông/bà:' whose 'à' was lost or read as a speck. After its
# slash, 'bà' read 'Đà' ('Ông/Đà: LÊ PHƯƠNG YẾN') or the slash read twice ('Ông/fbà') is too.
HONORIFIC = re.compile(r"^\s*(ông\s*(?:[/(|fl1]{0,2}\s*(?:bà|(?-i:b?hà)|(?-i:b)[^\w\s]?(?=[\s:.]))|/\s*đà)\)?"
                       r"|ông|bà|anh|chị)\s*[:.]?\s+(?=\S+\s+\S)", re.IGNORECASE)


UNIT_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "xã", "quận", "huyện", "tỉnh")
# a seal's speck joining a unit's type word to its neighbour: 'dận-xã', 'HUYỆN-HOẰNG'
# (or a period or comma read after 'DÂN' at the end of the body's line, before the unit's line)
_SPECK_BEFORE_UNIT = re.compile(rf"(?<=\w)(?:[-–.:]+|[.,;:]+\s+)(?=({'|'.join(UNIT_WORDS)})\b)")
_SPECK_AFTER_UNIT = re.compile(rf"\b({'|'.join({u.split()[-1] for u in UNIT_WORDS})})[-–.:]+(?=\w)")


_TYPE_GLUED = re.compile(rf"\b({'|'.join(sorted({u.split()[-1] for u in UNIT_WORDS}))})(?=[^\W\d_])")


def _unglue_type(text: str) -> str:
    """'quậnNinh Kiều' -> 'quận Ninh Kiều': a type word run into a name, told by the capital."""
    return _TYPE_GLUED.sub(lambda m: m.group(1) + (" " if text[m.end()].isupper() else ""), text)


def authority_name(raw: str) -> str:
    """'UỶ BAN NHÂN DÂN PHƯỜNG CẦU DỀN' -> 'Uỷ ban nhân dân phường Cầu Dền': the contract's
    ordinary case. The body's words stay lower case, a unit's proper name is capitalised."""
    # a type word run into the name after it ('quậnNinh Kiều'): only the capital tells them apart
    text = _unglue_type(vntext.clean_value(raw)).lower()
    if not text:
        return ""
    # 'TM.' (on behalf of) opens the signature block, not the body's name
    text = re.sub(r"^t\.?m\s*[.:]?\s*(?=(ủy|uỷ|ubnd))", "", text)
    # the contract wants the full name: 'UBND' is how the body's name is abbreviated
    text = re.sub(r"^ubnd\b", "ủy ban nhân dân", text)
    text = re.sub(r"\b(thị|thành)(xã|trấn|phố)\b", r"\1 \2", text)  # 'THỊXÃ': a type word's space lost
    text = _SPECK_AFTER_UNIT.sub(r"\1 ", _SPECK_BEFORE_UNIT.sub(" ", text))
    words = text.split()
    while words and not any(unicodedata.category(c) in ("Lu", "Ll", "Nd") for c in words[-1]):
        words.pop()  # specks of the seal after the name ('⁄ˆ+')
    out, proper = [], False
    i = 0
    while i < len(words):
        unit = next((u for u in UNIT_WORDS if " ".join(words[i:i + len(u.split())]) == u), None)
        if unit:
            out.append(unit)
            i += len(unit.split())
            proper = True
            continue
        out.append(words[i].capitalize() if proper else words[i])
        i += 1
    name = " ".join(out)
    return name[:1].upper() + name[1:]  # '' where every word was a speck


def _confidence(words: list[Word], label_score: float) -> float:
    """OCR certainty of the value's words (mean pulled toward the weakest word, since one
    misread character makes the value wrong) scaled by how surely the label was found."""
    if not words:
        return 0.0
    confs = [max(0.0, min(100.0, w.conf)) / 100 for w in words]
    ocr = 0.5 * (sum(confs) / len(confs)) + 0.5 * min(confs)
    return round(ocr * (0.75 + 0.25 * label_score), 3)


def _bbox(words: list[Word]) -> list[int]:
    return [min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
            max(w.bbox[2] for w in words), max(w.bbox[3] for w in words)]


PHRASE_REPAIRED = "phrase_repaired"  # a fixed phrase's word read with other marks, put back
UNIT_REPAIRED = "admin_unit_repaired"  # a unit's name or type put right from the list of units


# Misreads put right where a list leaves no doubt, in this order: (applies to (key, kind), the
# repair, its reason). A repaired value is still one for a person to confirm: the reason flags it.
# A quote mark between digits is a speck: no number or code prints one ("Thửa đất số: 2'75")
SPECK_IN_NUMBER = re.compile(r"(?<=\d)['’‘`´](?=\d)")

REPAIRS = (
    (lambda key, kind: kind == NAME, plausible.split_name_words, "syllables_split"),  # 'TUẤNNGỌC'
    (lambda key, kind: key in PLACE_FIELDS, adminunits.repair, UNIT_REPAIRED),  # the official units
    (lambda key, kind: key in PLACE_FIELDS, adminunits.repair_under_parent, UNIT_REPAIRED),  # ... under their parent
    (lambda key, kind: key in PLACE_FIELDS, adminunits.repair_separators, "separator_repaired"),  # '.' or ',.' for ','
    (lambda key, kind: key in PLACE_FIELDS, adminunits.repair_type_misread, UNIT_REPAIRED),  # 'thành phế Châu Đốc'
    (lambda key, kind: key in PLACE_FIELDS and kind != AUTHORITY, adminunits.repair_street_word,
     "address_word_misread"),  # 'phổ Láng Hạ', 'Tố 6': in a place of birth or death too
    (lambda key, kind: key in PLACE_FIELDS and kind != AUTHORITY, vocab.repair_streets, "street_name_repaired"),
    (lambda key, kind: kind == ADDRESS, adminunits.repair_part_comma, "separator_repaired"),  # 'Phúc TP. Bắc'
    (lambda key, kind: kind == ADDRESS, plausible.separate_province, "separator_repaired"),  # 'Sơn Trà Đà Nẵng'
    (lambda key, kind: kind == ADDRESS, adminunits.repair_lost_comma, "separator_repaired"),  # 'Nhơn Ái Phong Điền'
    # a province or district a letter off, now that the parts stand apart ('Thanh Khả, Đà Nẵng')
    (lambda key, kind: key in PLACE_FIELDS, adminunits.repair_unit_letters, UNIT_REPAIRED),
    # ... and the units under their parent again, now that the parts stand apart ('cưMgar Tỉnh Đắk Lắk')
    (lambda key, kind: kind == ADDRESS, adminunits.repair_under_parent, UNIT_REPAIRED),
    (lambda key, kind: kind == ADDRESS, plausible.drop_specks, "specks_dropped"),  # specks between words
    (lambda key, kind: key in PLACE_FIELDS and kind != AUTHORITY, adminunits.drop_stray_word,
     "specks_dropped"),  # 'thành Uy phố'
    (lambda key, kind: kind == ADDRESS, plausible.cut_after_province, "address_tail_cut"),  # specks after it
    (lambda key, kind: kind == ADDRESS, plausible.cut_nationality, "nationality_cut"),  # 'Việt Nam Phú Hội, ...'
    (lambda key, kind: key in PLACE_FIELDS and kind != AUTHORITY, adminunits.complete_province,
     "province_completed"),  # 'TP. Hồ Chí', 'thành phố Cần'
    (lambda key, kind: key in PLACE_FIELDS and kind != AUTHORITY, adminunits.province_by_district,
     "province_by_district"),  # 'huyện Gia Lâm, thành phố ẤN'
    (lambda key, kind: key in PLACE_FIELDS and kind == TEXT, adminunits.repair_province_at_end,
     UNIT_REPAIRED),  # a hospital's 'Trung tâm Ấn Giang'
    (lambda key, kind: kind in (TEXT, AUTHORITY), vocab.repair_phrases, PHRASE_REPAIRED),  # fixed words
    (lambda key, kind: kind == AUTHORITY, adminunits.repair_unit_type, UNIT_REPAIRED),  # type lost
    (lambda key, kind: kind == AUTHORITY, adminunits.repair_committee, PHRASE_REPAIRED),  # under a seal
    (lambda key, kind: kind == NAME, vntext.join_split_final, "syllables_split"),  # 'GIAN G'
    (lambda key, kind: kind == NAME, trim_name_ends, "specks_dropped"),  # 'Phạm Hữu Bình ỗ'
    (lambda key, kind: kind == NAME, repair_name_marks, "name_repaired"),  # marks no name has
    (lambda key, kind: kind == RELATIONSHIP, vocab.repair_near("relationship"), "vocabulary_repaired"),  # 'Vự'
    (lambda key, kind: kind == TITLE, vocab.repair_close("form_title"), "vocabulary_repaired"),  # 'THÔNG TTN'
    (lambda key, kind: kind == NATIONALITY, vocab.repair_close("nationality"), "vocabulary_repaired"),  # 'Việ Nam'
    (lambda key, kind: kind in (CODE, NUMBER), lambda v: SPECK_IN_NUMBER.sub("", v), "specks_dropped"),  # "2'75"
    (lambda key, kind: kind == CODE, vntext.repair_year_slash, "separator_repaired"),  # '467I2024'
    (lambda key, kind: kind == CODE, repair_serial, "serial_letter_misread"),  # 'C5 642841'
)


REPAIR_REASONS = frozenset(reason for _, _, reason in REPAIRS)


# A city's abbreviation read with its period, and the confidence under which the period is in
# doubt: 'TP' is printed bare too ('TP Hồ Chí Minh' on cards), and Tesseract's language model
# adds the period it mostly sees. Measured on 38 outside seeds' cards: of 'TP.' read where the
# card prints 'TP', 17 of 18 score under 93; where it prints 'TP.', 9 of 211. (The other
# abbreviations, 'P.', 'Q.', always carry theirs: flagging them would only add review.)
UNIT_ABBREVIATION = re.compile(r"^TP\.[,;]?$")
SURE_PERIOD = 93
# ... and 'TP' read bare beside units abbreviated with their periods ('P. Trúc Bạch, Q. Ba Đình,
# TP Hà Nội'): one style is printed throughout, its period was lost.
BARE_TP = re.compile(r"(?<![^\W_])TP\s+[^\W\d_]")
PERIOD_DOUBTFUL = "period_doubtful"
DOTTED_TP = re.compile(r"(?<![^\W_])TP\.(?=\s)")
BARE_TP_WORD = re.compile(r"(?<![^\W_])TP(?=\s+[^\W\d_])")


def _city_period(value: str, words: list[Word]) -> tuple[str, bool]:
    """An address's 'TP' whose period is in doubt, and its period put as the address's other
    units write theirs: 'TP' bare where none is abbreviated ('Gò Vấp, TP Hồ Chí Minh': on 16
    outside seeds, all 7 'TP.' read in doubt so were printed bare), 'TP.' beside 'P.' and 'Q.'."""
    dotted = adminunits.DOTTED_UNIT.search(value)
    if any(UNIT_ABBREVIATION.match(w.text) and w.conf < SURE_PERIOD for w in words):
        return (value if dotted else DOTTED_TP.sub("TP", value)), True
    if BARE_TP.search(value) and dotted:
        return BARE_TP_WORD.sub("TP.", value), True
    return value, False


# A value found where the form also prints it (the date of signing, the header) for a label
# whose own value did not read: on a copy that date is the copy's, not the registration's.
LABEL_VALUE_UNREADABLE = "label_value_unreadable"
# ... the signing date of a registry's copy, for a date whose own label or value did not read:
# the same day on an extract issued at registration, not on a copy made years later
DATE_OF_COPY = "date_of_copy"
PHONE_DIGIT_FROM_LETTER = "phone_digit_from_letter"
# A house's or a lane's number read with less confidence than this (%): nothing else on the paper
# can confirm it. On 58 outside seeds, the 2 numbers misread and passed scored 71 and 76; 7 read
# right scored under 80 too, which a person now confirms.
SURE_ADDRESS_NUMBER = 80
NUMBER_UNSURE = "number_unsure"
# A unit no list holds under its parent, read with less confidence than this (%) in a word of its
# name: retired units are rightly printed (323 such values on 58 outside seeds, 6 of them
# misread: 'Cầu Dần', 'Tiên An' for 'Cầu Dền', 'Tiền An'), and only the reading vouches for them.
# Under 85: 4 of the 6 misread, and 20 read right that a person now confirms.
SURE_UNLISTED_UNIT = 85
UNIT_UNLISTED = "admin_unit_unlisted"


def _unlisted_unit_unsure(value: str, words: list[Word]) -> bool:
    name = adminunits.unlisted_unit(value)
    tokens = set(name.split()) if name else set()
    return any(w.text.strip(",.;") in tokens and w.conf < SURE_UNLISTED_UNIT for w in words)


# A number followed by more digits before its field ends ('Thửa đất số: 35 1'): a space read
# inside it, or a speck read as a digit; which, a person sees.
NUMBER_SPLIT = "number_split"


def _digits_follow(value: str, raw: str) -> bool:
    tokens = raw.split()
    return value in tokens[:-1] and tokens[tokens.index(value) + 1].isdigit()


def extract(doc_type: str, lines: list[Line], title: str = "", threshold: float = 0.8,
            page_codes: list[str] | None = None, dossier: str | None = None) -> dict[str, FieldValue]:
    dt: DocType | None = doctypes.get(doc_type)
    if dt is None:
        return {}
    labels = {label for f in dt.fields for label in (*f.labels, *f.before)} | set(dt.stop_labels) | set(COPY_STAMP_LABELS)
    mark_labels(lines, sorted(labels), title)
    folded_doc = vntext.fold_tight(" ".join(line.text for line in lines))
    not_printed = {k for cue, keys in dt.not_printed_when if cue in folded_doc for k in keys}
    legible = reads_legibly(lines) and not label_lost(lines)
    copy = registry_copy(lines)
    columns = tuple(dict.fromkeys(f.column for f in dt.fields if f.column))
    row_labels = tuple({vntext.fold_tight(label) for f in dt.fields if f.column for label in f.labels})
    out: dict[str, FieldValue] = {}
    fallbacks = {"place_date": _place_date, "header": lambda ls: _header(ls, title), "signature": _signature,
                 "serial": _serial, "title": lambda ls: _title(ls, title), "id_shape": _id_by_shape,
                 "card_sex": _card_sex, "card_nationality": _card_nationality, "card_birth": _card_birth,
                 "card_name": _card_name, "card_origin": _card_origin, "member_row": lambda ls: _member_row(ls, key, out),
                 "in_words": _date_in_words,
                 "milestone": lambda ls: _milestone_date(ls, out["date_of_birth"].value
                                                         if "date_of_birth" in out else None, spec.labels)}
    anchors: dict[str, tuple[int, int]] = {}  # key -> (line, x) of the label it was found after
    used: dict[str, tuple[str, set]] = {}  # key -> (kind, the printed words its value was read from)
    for key in dt.keys:
        specs = dt.specs(key)
        if key in not_printed:
            out[key] = FieldValue(key, None, 1.0, False, ["not_printed"])
            continue
        found, printed, by_shape, instead, dated_by_copy = None, False, False, False, False
        for spec in specs:
            if spec.column:
                found = find_in_table(spec, lines, columns, row_labels)
            elif spec.labels:
                found, seen = find_by_label(spec, lines, anchors)
                printed = printed or seen
                if spec.fallback == "member_row" and found is not None and _in_members(lines, found.line):
                    found = None  # the table's column head, over its first row: the fallback picks the row
            if spec.fallback and (found is None or not _readable(spec.kind, found.words)
                                  or spec.kind == AUTHORITY and _garbled_authority(found.words)):
                shaped = fallbacks[spec.fallback](lines)
                if spec.kind == AUTHORITY and shaped is not None and found is not None and \
                        _garbled_authority(shaped.words):
                    shaped = None  # the header no better than the label's line: the label's value stays
                by_shape = shaped is not None and spec.fallback in SHAPE_FALLBACKS
                dated_by_copy = shaped is not None and spec.fallback == "place_date" and bool(spec.labels) and copy
                instead = shaped is not None and found is not None
                found = shaped or found
            if found is not None:
                break
        if found is None:
            if all(not s.required for s in specs) and not printed and legible and not _mentioned(specs, folded_doc):
                out[key] = FieldValue(key, None, 1.0, False, ["not_printed"])
            else:
                out[key] = FieldValue(key, None, 0.0, True, ["not_found"])
            continue
        x = found.label_x if found.label_x is not None else min(w.bbox[0] for w in found.words)
        anchors[key] = (lines.index(found.line), x)
        kind = specs[0].kind
        if kind in SHARED_WORD_KINDS:
            used[key] = (kind, {(found.line.page, w.bbox) for w in found.words})
        raw = " ".join(w.text for w in found.words)
        # a quote speck inside an area's number ("1'74 m2") cuts it short where it is parsed
        unspecked = SPECK_IN_NUMBER.sub("", raw) if kind == AREA else raw
        value = parse(kind, unspecked)
        conf = _confidence(found.words, found.label_score)
        reasons = [] if value is not None else ["unreadable"]
        if unspecked != raw and value is not None:
            reasons.append("specks_dropped")
        if by_shape:
            reasons.append("label_not_read")  # known by its place and shape on the card: to confirm
        elif instead:
            reasons.append(LABEL_VALUE_UNREADABLE)
        if found.note:
            reasons.append(found.note)
        if dated_by_copy:
            reasons.append(DATE_OF_COPY)
        if spec.fallback == "in_words" and value and found.note != DATE_FROM_WORDS:
            # DOMAIN: where the date is written out in words too, the two must agree
            written = _date_in_words(lines)
            if written and written.words[0].text != value:
                reasons.append(DATE_WORDS_DIFFER)
        if kind == ADDRESS and value:
            value, doubtful = _city_period(value, found.words)
            if doubtful:
                reasons.append(PERIOD_DOUBTFUL)
        if found.label and _label_start_lost(found, key, lines, dt):
            reasons.append(LABEL_START_LOST)
        if kind == PERSONAL_ID and found.past_unreadable:
            # the id at the first 'CCCD số' did not read; the next one is as likely another
            # person's (a spouse on a land certificate) as this one's printed again
            reasons.append("first_label_unreadable")
        if kind == PERSONAL_ID and value and not vntext.parse_personal_id(raw) and value == vntext.boxed_digits(raw):
            reasons.append("id_from_boxes")  # the walls between the digits dropped: to confirm
        if kind == ADDRESS and value and any(w.conf < SURE_ADDRESS_NUMBER and any(c.isdigit() for c in w.text)
                                             for w in found.words):
            reasons.append(NUMBER_UNSURE)
        if kind == ADDRESS and value and _unlisted_unit_unsure(value, found.words):
            reasons.append(UNIT_UNLISTED)
        if kind in (NUMBER, CODE) and value and _digits_follow(value, raw):
            reasons.append(NUMBER_SPLIT)
        if kind == PHONE and value and vntext.digits(raw) != vntext.digits(raw, ocr=False):
            # a phone has no check digit nor date to hold its digits to: one read as a letter
            # ('0336 462 B57': 8, 5 or 3?) is a guess
            reasons.append(PHONE_DIGIT_FROM_LETTER)
        for applies, repair, reason in REPAIRS:
            if value and applies(key, kind):
                repaired = repair(value)
                if repaired != value:
                    value = repaired
                    if reason not in reasons:  # two repairs of one kind ('phrase_repaired')
                        reasons.append(reason)
        out[key] = FieldValue(key, value, conf if value is not None else 0.0, False, reasons,
                              page=found.line.page, bbox=_bbox(found.words), raw=vntext.squash(raw),
                              label_score=found.label_score)
    _absent_unsure(out, not_printed)
    _shared_words(out, used)
    _unit_from_address(dt, out)
    if dt.machine_readable:
        merge_machine(out, dt.machine_readable(page_codes or [], [ln.text for ln in lines]))
    settle(doc_type, out, threshold, dossier=dossier)
    return out


UNIT_FROM_ADDRESS = "authority_unit_from_address"


def _unit_from_address(dt: DocType, out: dict[str, FieldValue]) -> None:
    """An issuing body read without its unit ('Ủy ban nhân dân', the rest under the seal) takes
    the district of the address its field names (FieldSpec.unit_from), flagged. So does the type
    of a unit whose type word the seal took and the list of units put in: the list's is today's
    ('quận An Dương' since 2025), the paper's own address prints the one of its day ('huyện')."""
    committee = adminunits.COMMITTEE
    for spec in dt.fields:
        f, place = out.get(spec.key), out.get(spec.unit_from)
        if not (spec.unit_from and f and f.value and place and place.value):
            continue
        district = adminunits.district_of(place.value)
        if not district:
            continue
        unit = f.value[len(committee):].strip() if f.value.startswith(committee + " ") else ""
        lost = vntext.fold_tight(f.value) == vntext.fold_tight(committee)
        retyped = UNIT_REPAIRED in f.reasons and unit and unit != district and adminunits.same_unit_name(unit, district)
        if lost or retyped:
            f.value = f"{committee} {district}"
            f.reasons.append(UNIT_FROM_ADDRESS)


# Kinds whose values are compact: a date or an id printed once is one field's. (Words read
# after a label also take in what parsing then drops, such as an address's neighbour in the
# next column, so other kinds would share words without being wrong.)
SHARED_WORD_KINDS = (DATE, PERSONAL_ID)


def _shared_words(fields: dict[str, FieldValue], used: dict[str, tuple[str, set]]) -> None:
    """A printed date or id is the value of one field at most: two fields of its kind read
    from the same words (a registration date taken from the birth row) mean one of them is in
    the wrong place, and both are flagged, each naming the other."""
    keys = list(used)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if used[a][0] == used[b][0] and used[a][1] & used[b][1]:
                for k, other in ((a, b), (b, a)):
                    reason = f"same_words_as:{other}"
                    if reason not in fields[k].reasons:
                        fields[k].reasons.append(reason)


# Share of a document's words (of two letters or more) read with confidence, under which a
# label that is not found is no sign that the form does not print it: on a page this noisy
# or blurred the label may be there, unread.
LEGIBLE_SHARE = 0.6


LABEL_START_LOST = "label_start_lost"
LOST_START_HEIGHTS = 2  # a longer label's lost start spans at least this many of its letters' heights


def _label_key(label: str) -> str:
    return vntext.fold(label).rstrip(" :")


def _label_start_lost(found: Found, key: str, lines: list[Line], dt: DocType) -> bool:
    """The label read is the end of another field's longer label ('Số' of 'Quyển số'),
    after junk alone on its line and well right of where the page's lines start: the longer
    label with its start lost at a dark or torn edge is as likely. '_h SỐ: 04' where a shadow
    took 'Số: 99 Quyển' gave the book's number as the register's, unflagged."""
    own = " " + _label_key(found.label)
    if not any(_label_key(label).endswith(own) for f in dt.fields if f.key != key for label in f.labels):
        return False
    line = found.line
    height = statistics.median(w.bbox[3] - w.bbox[1] for w in line.words)
    before = [w for w in line.words if w.bbox[2] <= found.label_x]
    if not before or any(LABEL_WORD.fullmatch(w.text.strip(".,:;")) and w.conf >= CONFIDENT for w in before):
        return False  # a line's own start, or after words read: a label where it is printed
    if found.label_x - max(w.bbox[2] for w in before) > height:
        return False  # what is left of a lost word touches the rest of its label; a speck stands apart
    starts = sorted(ln.words[0].bbox[0] for ln in lines if ln.page == line.page and ln.words)
    margin = starts[len(starts) // 10]  # a speck or two at the very edge is no line's start
    return found.label_x - margin > LOST_START_HEIGHTS * height


ABSENT_NEEDS_FOUND = 0.5  # share of a document's fields found, under which none is called not printed


def _absent_unsure(out: dict[str, FieldValue], printed_never: set[str]) -> None:
    """A field whose label is nowhere is called not printed only where the page read: where
    most of the document's fields were not found either, their labels were lost together (a
    certificate's left half in a lamp's shadow, its lines read from their middles) and the
    field may well be printed there. It is flagged `not_found` then. `printed_never`: the
    fields this form of the paper does not print (`DocType.not_printed_when`), absent for sure."""
    found = sum(f.value is not None for f in out.values())
    if found >= ABSENT_NEEDS_FOUND * sum(k not in printed_never for k in out):
        return
    for key, f in out.items():
        if f.reasons == ["not_printed"] and key not in printed_never:
            out[key] = FieldValue(key, None, 0.0, True, ["not_found"])


def reads_legibly(lines: list[Line]) -> bool:
    words = [w for ln in lines for w in ln.words if w.letters >= 2]
    return bool(words) and sum(w.conf >= CONFIDENT for w in words) >= LEGIBLE_SHARE * len(words)


LABEL_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more, no digit in it


def label_lost(lines: list[Line]) -> bool:
    """A value is printed after a label that did not read at all (',ä5Ố: 04', the edge of the
    page dark or torn): that label may be the one of a field found nowhere else, so no field
    of the page can be called not printed."""
    for line in lines:
        head, colon, value = line.text.partition(":")
        if colon and value.strip() and not any(LABEL_WORD.fullmatch(w) for w in head.split()) \
                and not head.strip().isdigit():  # '10:30' is a time
            return True
    return False


LABEL_TAIL = 0.6  # of a label's letters, from its end, that stay where a shadow took its start
LABEL_TAIL_LEAST = 7  # letters such an end needs to name its label ('thoailienhe' of 'Số điện thoại liên hệ')


def _mentioned(specs: list[FieldSpec], folded_doc: str) -> bool:
    """Something like the label is printed, though not well enough to read the value by, or
    its end where its start was lost ('“thoại liên hệ:' under a shadow at the page's edge): then
    the field is on the paper and missing it must be flagged, not called 'not printed'."""
    for label in (vntext.fold_tight(label) for s in specs for label in s.labels):
        tail = label[len(label) - round(LABEL_TAIL * len(label)):]
        if fuzz.partial_ratio(label, folded_doc) >= 80 or \
                len(tail) >= LABEL_TAIL_LEAST and fuzz.partial_ratio(tail, folded_doc) >= 90:
            return True
    return False


def merge_machine(fields: dict[str, FieldValue], machine: dict[str, str]) -> None:
    """Values from a QR code or an MRZ with valid check digits are encoded, not read by eye:
    they confirm the OCR'd value, or replace a missing or misread one."""
    for key, value in machine.items():
        f = fields.get(key)
        if f is None or "not_printed" in f.reasons:
            continue
        if f.value is not None and vntext.same_text(f.value, value):
            # two readings agree that no one misreading makes: where on the page the value was
            # found, and what was repaired in it, no longer matter (settle checks it again)
            f.confidence = max(f.confidence, 0.99)
            f.reasons = [r for r in f.reasons if r in NOTES]
            continue
        if f.value is not None and vntext.fold(value) == value.casefold() and vntext.fold(f.value) == vntext.fold(value):
            # a code that spells the name without marks ('BUI BICH VAN') confirms its letters, and
            # says nothing of the marks the page prints: the page's reading keeps them
            continue
        # the repairs made to the page's reading describe a value that is no longer there
        f.value, f.confidence = value, 0.97
        f.reasons = [r for r in f.reasons if r not in ("not_found", "unreadable") and r not in REPAIR_REASONS]
        f.label_score = 1.0


# Names and issuing bodies in capitals are where OCR errs most (stacked marks): they need more
# certainty. Measured by `make bench-accuracy` (40 dossiers): at 0.80 one name in 60 and one
# authority in 20 were wrong and unflagged; at these thresholds none, for 2.5% more review.
KIND_THRESHOLD = {NAME: 0.85, AUTHORITY: 0.90}

def shape_reasons(kind: str, value: str | None, labels: tuple[str, ...] = ()) -> list[str]:
    """Whether the value looks like its kind at all (plausible.py): garbage read from the
    wrong place is flagged, never passed."""
    if value is None:
        return []
    if kind == NAME:
        return plausible.check_name(value, SURNAME_KEYS)
    if kind == ADDRESS:
        return plausible.check_address(value, labels)
    if kind == AUTHORITY:
        return plausible.check_authority(value)
    if kind == RELATIONSHIP:
        return [] if vocab.snap("relationship", value) else ["relationship_unknown"]
    if kind == NATIONALITY:  # others are printed, rarely: a person confirms them ('Nam' is a misread)
        return [] if vocab.snap("nationality", value) else ["nationality_unusual"]
    if kind in (TEXT, TITLE):
        return plausible.check_text(value) + (["value_has_label"] if plausible.has_label(value, labels) else [])
    if kind == CODE:  # a register code, a serial: something with digits in it, not opening
        # with one letter against them ('R7' for '87': codes open with digits, serials with two letters)
        shaped = any(c.isdigit() for c in value) and not LETTER_FOR_DIGIT.match(value) and not LETTER_IN_DIGITS.search(value)
        return [] if shaped else ["number_implausible"]
    if kind == NUMBER:  # digits only: a letter beside them is a digit misread ('896G', '8OS')
        return [] if value.isdigit() else ["number_implausible"]
    return []


# Reasons that inform without asking for review: an old 9-digit CMND is a legitimate value.
NOTES = {"not_printed", "old_cmnd"}


def settle(doc_type: str, fields: dict[str, FieldValue], threshold: float,
           extra: dict[str, list[str]] | None = None, dossier: str | None = None) -> None:
    """Apply the validators and the confidence threshold: set `flagged` and its reasons."""
    values = {k: f.value for k, f in fields.items()}
    problems = validate_fields(doc_type, values, dossier_id=dossier)
    dt = doctypes.get(doc_type)
    labels = tuple({label for spec in dt.fields for label in spec.labels} | set(dt.stop_labels)) if dt else ()
    for key, reasons in (extra or {}).items():
        problems.setdefault(key, []).extend(reasons)
    for key, f in fields.items():
        if f.reasons == ["not_printed"]:
            continue
        for r in problems.get(key, []):
            if r not in f.reasons:
                f.reasons.append(r)
        if "low_confidence" in f.reasons:
            f.reasons.remove("low_confidence")  # confidence may have risen since (cross-checks)
        kind = dt.specs(key)[0].kind if dt else ""
        for r in shape_reasons(kind, f.value, labels):
            if r not in f.reasons:
                f.reasons.append(r)
        if f.value is not None and f.confidence < max(threshold, KIND_THRESHOLD.get(kind, 0.0)):
            f.reasons.append("low_confidence")
        f.flagged = f.value is None or any(r not in NOTES for r in f.reasons)
