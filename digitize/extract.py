"""The fields of one document, read from its OCR lines: value, confidence, box and flags.

A value is found after its printed label (same line, after a caption in English or a dotted
leader, or on the next line), or from a fallback place the type names (the header's issuing
body, the place-date line). Each kind of value has one parser here; validation is validate.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import doctypes, vntext
from .doctypes.base import AREA, AUTHORITY, CODE, DATE, NAME, PERSONAL_ID, PHONE, SEX, DocType, FieldSpec
from .layout import Line, mark_labels
from .models import FieldValue, Word
from .validate import validate_fields

# English captions printed after the Vietnamese label on identity cards ("Họ và tên / Full name:").
CAPTION_WORDS = {"full", "name", "date", "of", "birth", "sex", "nationality", "place", "origin",
                 "residence", "expiry", "no", "no.", "personal", "identification", "number", "month",
                 "year", "issue"}
LEADER = re.compile(r"^[\s.:;,…_\-–/|]+$")


@dataclass
class Found:
    words: list[Word]
    line: Line
    label_score: float  # 0..1; 1.0 for values found without a label


def _is_caption(word: Word) -> bool:
    t = word.text.strip("/:").lower()
    return all(ord(c) < 128 for c in word.text) and (t in CAPTION_WORDS or LEADER.match(word.text) is not None)


def _strip_leading(words: list[Word]) -> list[Word]:
    """Drop leaders (':', '....') and a bilingual caption ('/ Full name:') before a value."""
    i = 0
    while i < len(words) and LEADER.match(words[i].text):
        i += 1
    if i < len(words) and (words[i].text.startswith("/") or (i and words[i - 1].text.endswith("/"))):
        colon = next((j for j in range(i, min(i + 6, len(words))) if words[j].text.endswith(":")), None)
        if colon is not None:
            i = colon + 1
    while i < len(words) and _is_caption(words[i]):
        i += 1
    return words[i:]


def _after_label(lines: list[Line], li: int, hit) -> list[Word]:
    line = lines[li]
    nxt = [h.start for h in line.labels if h.start >= hit.end]
    return _strip_leading(line.words[hit.end: min(nxt) if nxt else len(line.words)])


def _line_value(line: Line) -> list[Word]:
    """A whole line as a value, up to its first label; nothing if it opens with a label."""
    first = min((h.start for h in line.labels), default=len(line.words))
    return _strip_leading(line.words[:first]) if first > 0 else []


def _continues(prev: Line, nxt: Line, value: list[Word], right_margin: int) -> bool:
    """A long value wrapped onto the next line: that line holds no label, sits right under it,
    and either is indented past the label, or the value broke after a comma or ran to the
    right margin."""
    if nxt.page != prev.page or nxt.labels or not value:
        return False
    gap = nxt.top - (prev.top + prev.height)
    if gap > 1.2 * max(prev.height, 20):
        return False
    full = value[-1].bbox[2] >= right_margin - 3 * max(prev.height, 20)
    return nxt.left > prev.left + 40 or value[-1].text.endswith(",") or full


def find_by_label(spec: FieldSpec, lines: list[Line]) -> tuple[Found | None, bool]:
    """(the value found, whether the label was printed at all)."""
    occurrences = [(li, h) for li, line in enumerate(lines) for h in line.labels if h.label in spec.labels]
    occurrences = occurrences[spec.occurrence - 1:]
    if not occurrences:
        return None, False
    for li, hit in occurrences:
        words = _after_label(lines, li, hit)
        last = li
        if not words and li + 1 < len(lines) and lines[li + 1].page == lines[li].page:
            words, last = _line_value(lines[li + 1]), li + 1
        if not words:
            if spec.occurrence > 1:
                break
            continue
        if spec.kind in ("text", AUTHORITY):
            margin = max(w.bbox[2] for ln in lines if ln.page == lines[li].page for w in ln.words)
            while last + 1 < len(lines) and _continues(lines[last], lines[last + 1], words, margin):
                last += 1
                words = words + lines[last].words
        if spec.kind == CODE and not any(c.isdigit() for w in words for c in w.text):
            continue
        return Found(words, lines[li], hit.score / 100), True
    return None, True


# --- fallbacks: values printed without a label -----------------------------------------

PLACE_DATE = re.compile(r"ngay\s*\S{1,3}\s*thang\s*\S{1,3}\s*nam\s*\S{4}")


def _place_date(lines: list[Line]) -> Found | None:
    """The last 'Place, ngày dd tháng mm năm yyyy' line: the date the document was made."""
    for line in reversed(lines):
        folded = line.folded
        m = PLACE_DATE.search(folded)
        if m and "," in folded[: m.start() + 1]:
            words = line.words
            start = next((i for i, w in enumerate(words) if vntext.fold(w.text).startswith("ngay")), 0)
            return Found(words[start:], line, 1.0)
    return None


def _left_block(words: list[Word], width: int) -> list[Word] | None:
    """The words of the left header column on a line that may also hold the right one (the
    national motto): cut at the widest gap. None for a centred line such as the title."""
    words = sorted(words, key=lambda w: w.bbox[0])
    gaps = [(words[i + 1].bbox[0] - words[i].bbox[2], i) for i in range(len(words) - 1)]
    gap, i = max(gaps, default=(0, -1))
    if gap > 0.04 * width and words[i].bbox[2] < 0.62 * width:
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


def _signature(lines: list[Line]) -> Found | None:
    """The issuing body in capitals in the signature block (land certificates), without TM./KT."""
    for line in reversed(lines):
        text = line.text
        folded = vntext.fold(text)
        if re.match(r"^(tm\.?|kt\.?)?\s*(so tai nguyen|uy ban|ubnd|van phong dang ky)", folded):
            words = [w for w in line.words if vntext.fold(w.text).rstrip(".") not in ("tm", "kt")]
            return Found(words, line, 1.0)
    return None


SERIAL = re.compile(r"\b([A-Z]{2})\s?(\d{6}|\d{8})\b")


def _serial(lines: list[Line]) -> Found | None:
    for line in lines:
        m = SERIAL.search(line.text)
        if m:
            words = [w for w in line.words if m.group(1) in w.text or m.group(2) in w.text]
            return Found(words, line, 1.0)
    return None


def _title(lines: list[Line], title: str) -> Found | None:
    for line in lines:
        if title and line.text.strip() == title.strip():
            return Found(line.words, line, 1.0)
    return None


# --- values -----------------------------------------------------------------------------

def parse(kind: str, raw: str) -> str | None:
    if kind == DATE:
        return vntext.parse_date(raw)
    if kind == PERSONAL_ID:
        return vntext.digits(raw) or None
    if kind == SEX:
        return vntext.parse_sex(raw)
    if kind == AREA:
        return vntext.parse_area(raw)
    if kind == PHONE:
        return vntext.parse_phone(raw)
    if kind == NAME:
        return vntext.clean_name(raw) or None
    if kind == CODE:
        v = vntext.clean_value(raw).strip("_|")
        m = SERIAL.search(v)
        if m:
            return f"{m.group(1)} {m.group(2)}"
        return (v.split(",")[0].split()[0] if v.split() else "") or None
    if kind == AUTHORITY:
        return authority_name(raw.split(",")[0]) or None
    return vntext.clean_value(raw) or None


UNIT_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "xã", "quận", "huyện", "tỉnh")
BODY_WORDS = {"uỷ": "Uỷ", "ủy": "Ủy"}


def authority_name(raw: str) -> str:
    """'UỶ BAN NHÂN DÂN PHƯỜNG CẦU DỀN' -> 'Uỷ ban nhân dân phường Cầu Dền': the contract's
    ordinary case. The body's words stay lower case, a unit's proper name is capitalised."""
    text = vntext.clean_value(raw).lower()
    if not text:
        return ""
    words = text.split()
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
    return name[0].upper() + name[1:]


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


def extract(doc_type: str, lines: list[Line], title: str = "", threshold: float = 0.8) -> dict[str, FieldValue]:
    dt: DocType | None = doctypes.get(doc_type)
    if dt is None:
        return {}
    labels = {label for f in dt.fields for label in f.labels} | set(dt.stop_labels)
    mark_labels(lines, sorted(labels))
    folded_doc = vntext.fold_tight(" ".join(line.text for line in lines))
    not_printed = {k for cue, keys in dt.not_printed_when if cue in folded_doc for k in keys}
    fallbacks = {"place_date": _place_date, "header": lambda ls: _header(ls, title), "signature": _signature, "serial": _serial,
                 "title": lambda ls: _title(ls, title)}
    out: dict[str, FieldValue] = {}
    for spec in dt.fields:
        if spec.key in not_printed:
            out[spec.key] = FieldValue(spec.key, None, 1.0, False, ["not_printed"])
            continue
        found, printed = find_by_label(spec, lines) if spec.labels else (None, False)
        if found is None and spec.fallback:
            found = fallbacks[spec.fallback](lines)
        if found is None:
            if not spec.required and not printed:
                out[spec.key] = FieldValue(spec.key, None, 1.0, False, ["not_printed"])
            else:
                out[spec.key] = FieldValue(spec.key, None, 0.0, True, ["not_found"])
            continue
        raw = " ".join(w.text for w in found.words)
        value = parse(spec.kind, raw)
        conf = _confidence(found.words, found.label_score)
        reasons = [] if value is not None else ["unreadable"]
        out[spec.key] = FieldValue(spec.key, value, conf if value is not None else 0.0, False, reasons,
                                   page=found.line.page, bbox=_bbox(found.words), raw=vntext.squash(raw),
                                   label_score=found.label_score)
    settle(doc_type, out, threshold)
    return out


def settle(doc_type: str, fields: dict[str, FieldValue], threshold: float,
           extra: dict[str, list[str]] | None = None) -> None:
    """Apply the validators and the confidence threshold: set `flagged` and its reasons."""
    values = {k: f.value for k, f in fields.items()}
    problems = validate_fields(doc_type, values)
    for key, reasons in (extra or {}).items():
        problems.setdefault(key, []).extend(reasons)
    for key, f in fields.items():
        if f.reasons == ["not_printed"]:
            continue
        for r in problems.get(key, []):
            if r not in f.reasons:
                f.reasons.append(r)
        if f.value is not None and f.confidence < threshold and "low_confidence" not in f.reasons:
            f.reasons.append("low_confidence")
        f.flagged = f.value is None or bool(f.reasons)
