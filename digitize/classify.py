"""Which document a page is, and which pages make one document.

A page starts a document when it prints a known title, or the national motto that heads every
first page; a page with neither continues the document before it (the back of a card, page two
of a certificate). Blank pages belong to no document.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from . import doctypes
from .adminunits import fold_chars
from .doctypes import UNKNOWN, base
from .models import PageResult, lines_of
from .vntext import fold, fold_tight

TITLE_MIN_SCORE = 84.0
TITLE_LETTERS_ADDED = 2  # letters OCR may add inside a title (a noisy scan: 'TRCHLỤUCKHAIITỦU')
NOISE_BEFORE_TITLE = 4  # characters OCR may read before a title (a frame's edge, a mark)
MOTTO = fold_tight("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


@dataclass
class PageClass:
    doc_type: str
    confidence: float
    starts_document: bool
    title: str = ""  # the title line as read
    cues: int = 0  # body phrases of its type printed on a page without a title


def _upper_share(letters: str) -> float:
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _title_score(line_tight: str, cue_tight: str) -> float:
    """How well a line reads as this title: the title must open the line (a longer title such as
    'TỜ KHAI THAY ĐỔI ...' may follow), with at most a few characters of noise before it. A
    title found inside a line ('..., Căn cước công dân số ...') is a mention, not a title."""
    if not line_tight or not cue_tight or len(line_tight) < len(cue_tight) * 0.5:
        return 0.0
    n = len(cue_tight)
    return max(fuzz.ratio(line_tight[off: off + n + extra], cue_tight) - 2 * off
               for off in range(min(NOISE_BEFORE_TITLE, len(line_tight) - 1) + 1)
               for extra in range(TITLE_LETTERS_ADDED + 1))


# The issuing body's header that opens the first page of an administrative paper ('ỦY BAN NHÂN
# DÂN PHƯỜNG X', 'CÔNG AN ...', 'SỞ Y TẾ ...', 'BỆNH VIỆN ...'): a page that opens with one
# starts a document even when its title is none we know (a fee receipt, a hospital paper).
AUTHORITY_HEADER = re.compile(r"^(uy ban nhan dan|ubnd|cong an|so |bo |van phong|chi nhanh|toa an|"
                              r"bo phan tiep nhan|benh vien|ngan hang|cuc |tong cuc|trung tam)")
HEADER_LINES = 3  # the header is among the first lines read on the page


def _opens_with_header(texts: list[str]) -> bool:
    for text in texts[:HEADER_LINES]:
        text = _without_specks(text)
        letters = "".join(c for c in text if c.isalpha())
        if AUTHORITY_HEADER.match(fold(text)) and _upper_share(letters) >= 0.6:
            return True
    return False


def _without_specks(text: str) -> str:
    """The line without the specks OCR reads before it as words of one letter or none (a punch
    hole, a frame's edge: 'ể ỦY BAN NHÂN DÂN ...'): no header word is that short."""
    words = text.split()
    while len(words) > 1 and sum(c.isalpha() for c in words[0]) < 2:
        words.pop(0)
    return " ".join(words)


# The words a paper's own title opens with ('GIẤY CHỨNG SINH', 'HỢP ĐỒNG CHUYỂN NHƯỢNG', 'BIÊN
# LAI THU PHÍ'), folded: a line in capitals near the top that opens so is the title of a paper,
# ours or not, and starts a document even where its motto and header were lost.
PAPER_TITLE_OPENS = ("giay ", "hop dong ", "bien lai ", "bien ban ", "don ", "quyet dinh ", "thong bao ",
                     "to khai ", "phieu ", "trich luc ", "chung nhan ", "xac nhan ")
PAPER_TITLE_LETTERS = 10  # a title this long at least: 'GIẤY SINH' cut short is no title to go by
# ... under a header, which makes the page a first one already, a title only has to be told from
# no title at all: 'GIẤY BÁO TỬ', a look-alike's, is one
HEADED_TITLE_LETTERS = 8


# ... its first word misread at the edge of a shadow ('LÊN LAI THU PHÍ' for 'BIÊN LAI THU PHÍ'):
# the opening's other words read as printed. On 71 outside seeds (7,912 pages) one page more is
# a first page so, and it is one.
OPENING_WORD_EDITS = 2


def _opens_paper_title(folded: str) -> bool:
    if folded.startswith(PAPER_TITLE_OPENS):
        return True
    words = folded.split()
    for opening in PAPER_TITLE_OPENS:
        first, *rest = opening.split()
        if rest and words[1:1 + len(rest)] == rest and Levenshtein.distance(words[0], first) <= OPENING_WORD_EDITS:
            return True
    return False


TITLE_EDGE_MARKS = " _.-¡|:;,'\"“”„"  # specks and rules' ends OCR reads around a title line


def _capital_lines(texts: list[str], least: int):
    """The page's title lines in capitals, of `least` letters or more, edge specks taken off."""
    for text in _title_lines(texts):
        text = _without_specks(text.strip(TITLE_EDGE_MARKS))
        letters = "".join(c for c in text if c.isalpha())
        if len(letters) >= least and _upper_share(letters) >= 0.9:
            yield text


def _paper_title(texts: list[str], least: int = PAPER_TITLE_LETTERS) -> bool:
    return any(_opens_paper_title(fold(text)) for text in _capital_lines(texts, least))


# The motto's end in capitals, where its start is lost under a stamp or a dark corner
# ('ÔNGhòn XỔ Cựủ NGHĨA VIỆT NAM'): a page goes on the body of another, but never repeats the
# motto in capitals in its upper part.
MOTTO_TAIL = "nghia viet nam"
MOTTO_REACH = 0.4  # of the page's text, from its top


def _motto_tail(text: str) -> bool:
    at = fold_chars(text).find(MOTTO_TAIL)  # one character for one: positions hold
    letters = [c for c in text[at: at + len(MOTTO_TAIL)] if c.isalpha()]
    return at >= 0 and _upper_share("".join(letters)) >= 0.9


def classify_page(page: PageResult) -> PageClass:
    if page.quality.blank or not page.words:
        return PageClass(UNKNOWN, 0.0, starts_document=False)
    best: tuple = (False, 0, 0.0, UNKNOWN, "")
    motto = False
    lines = lines_of(page.words)
    texts = [" ".join(w.text for w in words) for words in lines]
    text_top = min(w.bbox[1] for w in page.words)
    top = text_top + MOTTO_REACH * (max(w.bbox[3] for w in page.words) - text_top)
    if any(_motto_tail(t) and words[0].bbox[1] <= top for t, words in zip(texts, lines)):
        motto = True
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
    first = motto or _opens_with_header(texts)
    page_tight = fold_tight(" ".join(texts))
    for dt in doctypes.REGISTRY.values():
        # the title is lost (a stamp, a fold, faded), but the card's own QR code or MRZ reads
        # or the face it prints names it (a card's id agreeing with the birth year and sex beside it)
        if (dt.zone_names_type and dt.machine_readable and dt.machine_readable(page.codes, texts)
                or dt.printed_evidence and not _opens_with_header(texts) and dt.printed_evidence(texts)):
            return PageClass(dt.name, EVIDENCE_CONFIDENCE, starts_document=first, cues=SPLIT_CUES)
    cut = _cut_title(texts, page_tight) or _headless_title(texts)
    if cut:
        return PageClass(cut[0], EVIDENCE_CONFIDENCE, starts_document=True, title=cut[1])
    body, hits = body_type(page_tight)
    if first and (not body or _paper_title(texts, HEADED_TITLE_LETTERS)):  # a first page of something we do not know
        return PageClass(UNKNOWN, 0.5, starts_document=True)
    if first:
        # a header over no title at all (lost to a shadow, a stamp): the type its body names,
        # to confirm; a title read that is none of ours (a look-alike's) stays unknown above
        return PageClass(body, BODY_CONFIDENCE, starts_document=True, cues=hits)
    # a paper's own title, its motto and header lost: a first page, of the type its body names
    # ('GIẤY CHỨNG NHẬN' cut short over 'Thửa đất số') or of none ('GIẤY CHỨNG SINH')
    titled = _paper_title(texts)
    return PageClass(body or UNKNOWN, BODY_CONFIDENCE if body else 0.5 if titled else 0.0,
                     starts_document=titled, cues=hits)


# A type known from other evidence than its title (its machine-readable zone, a title cut
# short that its body confirms): kept, and flagged for a person to confirm (below TYPE_SURE).
EVIDENCE_CONFIDENCE = 0.8
CUT_TITLE_SHARE = 0.4  # of a title's letters that must survive, from its start, for it to count
TITLE_LINES = 6  # a title is printed among the first lines of a page
WORDED_LINE = 4  # letters a line needs to count among them
PAST_SHARED = 3  # letters a cut title must reach past the start its title shares with another type's
CUT_EDGE_SPECKS = 2  # characters at a cut title's end that may be specks of the edge that cut it ('GIẤY XÁC NHẬM _Ô')


def _title_lines(texts: list[str]) -> list[str]:
    """The first lines of a page, where its title is printed: specks of a dark edge ('i', 'mm') are no lines."""
    return [t for t in texts if sum(c.isalpha() for c in t) >= WORDED_LINE][:TITLE_LINES]


@lru_cache(maxsize=1)
def _shared_starts() -> dict[str, int]:
    """Per folded title, the length of the longest start it shares with a title of another type
    ('GIẤY CHỨNG NHẬN' of the marriage and the land certificates): what is cut to that names
    neither."""
    titles = [(dt.name, fold_tight(t)) for dt in doctypes.REGISTRY.values() for t in dt.titles]
    return {t: max((len(os.path.commonprefix([t, o])) for n2, o in titles if n2 != n), default=0)
            for n, t in titles}


def _cut_title(texts: list[str], page_tight: str) -> tuple[str, str] | None:
    """(type, line) when a line in capitals near the top is the start of one type's title
    and the rest is cut off ('GIẤY XÁC NHẬN THÔNG.....' under a stamp), and the page's body
    prints a phrase of that type alone. A cut title with no such phrase stays unknown; one cut
    within the start that titles of two types share ('GIẤY CHỨNG NHẬN', 'TRÍCH LỤC KH') takes
    the type whose phrases the body prints where it prints those of one of them alone."""
    cues = _body_cues()
    shared = _shared_starts()
    found, within = set(), set()  # (type, line) cut past the start its title shares; types cut within it
    for text in _title_lines(texts):
        tight = fold_tight(text)
        letters = "".join(c for c in text if c.isalpha())
        if not tight or _upper_share(letters[: len(tight) + 2]) < 0.6:
            continue
        for dt in doctypes.REGISTRY.values():
            if not any(c in page_tight for c in cues[dt.name]):
                continue
            for cue in dt.titles:
                cue_tight = fold_tight(cue)
                least = CUT_TITLE_SHARE * len(cue_tight)
                # where the title is cut (a shadow's edge, a stamp's) OCR reads specks into its end
                cut_at = [n for n in range(len(tight), len(tight) - CUT_EDGE_SPECKS - 1, -1) if least <= n < len(cue_tight)]
                hits = [n for n in cut_at if fuzz.ratio(tight[:n], cue_tight[:n]) >= TITLE_MIN_SCORE]
                if any(n >= shared[cue_tight] + PAST_SHARED for n in hits):
                    found.add((dt.name, text))
                elif hits:
                    within.add(dt.name)
    names = {name for name, _ in found}
    if len(names) == 1:
        return min(found)
    # cut within a start two types share ('TRÍCH LỤC KH...'), where the body prints the phrases
    # of one of them alone ('Nơi đăng ký khai tử'): that type, the line no title of its own
    return (within.pop(), "") if not found and len(within) == 1 else None


HEADLESS_LEAST = 16  # folded letters of a title's end that name its type with its start lost


@lru_cache(maxsize=1)
def _full_titles() -> list[tuple[str, str]]:
    """(type, folded title) of every title a type prints in full: its own, and a declaration
    form's ('TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ': the type's own title is its first words only)."""
    from .vocab import FORM_TITLES

    return [(dt.name, fold_tight(t)) for dt in doctypes.REGISTRY.values() for t in dt.titles] + \
        [("application_form", fold_tight(t)) for t in FORM_TITLES]


def _headless_title(texts: list[str]) -> tuple[str, str] | None:
    """(type, line) when a line in capitals near the top is the end of one type's title whose
    start a shadow or the page's edge took (',JAI THAY ĐỐI THÔNG TIN CƯ TRÚ'): 16 letters or more
    of it, alike, that end no other type's title. A line as long as the title is no cut one, and
    a paper that prints a title of its own ('HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT' / 'VÀ TÀI
    SẢN GẮN LIỀN VỚI ĐẤT') has none of ours cut: its wrapped end is that title's."""
    if _foreign_title(texts):
        return None
    found = set()
    for text in _title_lines(texts):
        tight = fold_tight(text)
        letters = "".join(c for c in text if c.isalpha())
        if len(tight) < HEADLESS_LEAST or _upper_share(letters) < 0.6:
            continue
        for name, title in _full_titles():
            if len(tight) < len(title) and fuzz.ratio(tight, title[-len(tight):]) >= TITLE_MIN_SCORE:
                found.add((name, text))
    return min(found) if len({name for name, _ in found}) == 1 else None


FOREIGN_OPENING = 8  # folded letters of a title's start that tell another paper's from ours


@lru_cache(maxsize=1)
def _our_openings() -> frozenset[str]:
    return frozenset(t[:FOREIGN_OPENING] for _, t in _full_titles())


def _foreign_title(texts: list[str]) -> bool:
    """A line in capitals near the top opens as a paper's title that none of ours opens as."""
    return any(fold(text).startswith(PAPER_TITLE_OPENS) and fold_tight(text)[:FOREIGN_OPENING] not in _our_openings()
               for text in _capital_lines(texts, PAPER_TITLE_LETTERS))


# Labels of a person's particulars are printed on every kind of paper: they name no type.
PERSONAL = {base.NAME, base.PERSONAL_ID, base.ADDRESS, base.DATE, base.SEX, base.NATIONALITY, base.ETHNICITY}
BODY_CONFIDENCE = 0.6  # a type read from the body alone is one to confirm (below TYPE_SURE)
SPLIT_CUES = 2  # body phrases of another type that make a titleless page a document of its own
LONG_CUE = 15  # folded characters: a cue this long names its type alone; shorter ones need two


@lru_cache(maxsize=1)
def _body_cues() -> dict[str, tuple[str, ...]]:
    """Per type, the folded phrases of its body that no other type prints: its own cues and
    those of its labels that are not shared ('Thửa đất số' is a land certificate's alone,
    'Họ và tên' is everyone's)."""
    phrases = {name: {fold_tight(x) for x in (*dt.cues, *(lab for f in dt.fields if f.kind not in PERSONAL
                                                          for lab in f.labels))}
               for name, dt in doctypes.REGISTRY.items()}
    return {name: tuple(p for p in own if len(p) >= 8 and
                        not any(p in other for n, others in phrases.items() if n != name for other in others))
            for name, own in phrases.items()}


FUZZY_CUE_LEN = 10  # folded characters: a cue this long counts with one letter misread in it
FUZZY_CUE_SCORE = 90.0


def _printed(cue: str, page_tight: str) -> bool:
    """The cue is on the page, exactly or, when long, with a letter misread ('Sơ đề thửa đất':
    a mark read as another changes the letter under it, which folding does not undo)."""
    if cue in page_tight:
        return True
    return len(cue) >= FUZZY_CUE_LEN and fuzz.partial_ratio(cue, page_tight) >= FUZZY_CUE_SCORE


def body_type(page_tight: str) -> tuple[str | None, int]:
    """(the type a page without a title belongs to, from the phrases of its body, and how many
    of its phrases are printed), or (None, 0) when they do not point to one type alone."""
    scores = {}
    for name, cues in _body_cues().items():
        hits = [c for c in cues if _printed(c, page_tight)]
        if any(len(c) >= LONG_CUE for c in hits) or len(hits) >= 2:
            scores[name] = len(hits)
    if not scores:
        return None, 0
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, 0
    return ranked[0]


@dataclass
class Group:
    doc_type: str
    confidence: float
    pages: list[int]  # indices into the dossier's page list
    title: str = ""


def group_pages(classes: list[PageClass], blank: list[bool], reads_badly: list[bool] | None = None,
                files: list[str] | None = None) -> list[Group]:
    """Consecutive pages into documents, in order; blank pages are left out of every document.
    A page that reads badly (`reads_badly`) continues no document: its title may be what was
    lost, and a document's fields lost inside the one before it are lost unseen. On outside
    seeds 24-33 every such page (9) opened a document of its own; all 216 pages that continued
    one read well. `files`: the file each page came from."""
    groups: list[Group] = []
    reads_badly = reads_badly or [False] * len(classes)
    files = files or [""] * len(classes)
    last = -1  # the last page that is not blank
    for i, (pc, is_blank) in enumerate(zip(classes, blank)):
        if is_blank:
            continue
        # a page without a title continues the document before it, unless its body names
        # another type (an inner page of a certificate scanned after an ID card); in a file of
        # its own, one phrase of another type's body is enough (a death certificate whose
        # title a lamp's shadow took, after a land certificate: its fields lost unseen in it)
        named = pc.cues >= SPLIT_CUES or pc.cues >= 1 and last >= 0 and files[i] != files[last]
        other = named and groups and groups[-1].doc_type != pc.doc_type
        last = i
        if pc.starts_document or not groups or other or reads_badly[i]:
            groups.append(Group(pc.doc_type, pc.confidence, [i], pc.title))
        else:
            groups[-1].pages.append(i)
    return groups
