"""Vietnamese text: normalisation, matching keys and value parsers.

Pure functions, stdlib + rapidfuzz only. Every function accepts None or any string and never
raises; parsers return None when the text does not hold a value of their kind. Facts come from
DOMAIN.md §3 (dossier code) and §10 (text rules); formats from RECORDS.md "Value formats".
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rapidfuzz import fuzz

__all__ = [
    "nfc", "squash", "fold", "fold_tight", "fuzzy_ratio", "canonical_tone", "same_text",
    "digits", "parse_personal_id", "parse_date", "parse_year", "expand_yy", "parse_area",
    "parse_phone", "parse_sex",
    "clean_value", "clean_name", "is_dossier_code", "dossier_code_date", "find_dossier_code",
    "INDEFINITE",
]

INDEFINITE = "indefinite"  # RECORDS.md: an expiry printed as "Không thời hạn"


# --------------------------------------------------------------------------- normalisation

def nfc(s: str | None) -> str:
    """Unicode NFC: the one form values are stored and compared in (DOMAIN §10)."""
    return unicodedata.normalize("NFC", s) if s else ""


def squash(s: str | None) -> str:
    """NFC, every run of white space (incl. NBSP, newlines) to one space, stripped."""
    return " ".join(nfc(s).split())


# đ/Đ have no decomposition, so they need an explicit map. ETH (ð/Ð) is mapped too, but only
# here in the matching key: OCR and legacy fonts emit it for Đ; stored values are never changed.
_FOLD_CHARS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
# Kept in fold(): `/` `-` `.` `,` `:` carry meaning in values and labels (dates 05/03/2019,
# codes 02/2020-KS and 000.00.18.H56, decimal comma, the label colon). Everything else that is
# not a letter or digit (quotes, brackets, |, _, …, ;, !, ?) becomes a space.
_FOLD_DROP = re.compile(r"[^\w/\-.,:]|_")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.:])")


@lru_cache(maxsize=8192)  # label matching folds the same few words of a page thousands of times
def fold(s: str | None) -> str:
    """Matching/search key: no diacritics, đ→d, case-folded, punctuation other than / - . , :
    turned to space, no space before , . : and runs of spaces collapsed.

    `Họ, chữ đệm, tên`, `Ho, chu dem, ten`, `Hộ, chữ đêm, tên :` all give `ho, chu dem, ten`
    (the last as `ho, chu dem, ten:`; use fold_tight when punctuation may be lost). Idempotent.
    """
    if not s:
        return ""
    t = unicodedata.normalize("NFD", unicodedata.normalize("NFD", s).casefold())
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).translate(_FOLD_CHARS)
    t = _FOLD_DROP.sub(" ", t)
    t = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(t.split()))
    return t.strip()


# The five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters; the marks of â ă ê
# ô ơ ư and the stroke of đ make letters of their own.
TONE_MARKS = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})


def tones(text: str) -> list[str]:
    """The tone marks of a text, in order (one a syllable): 'Vợ' -> [dot below]."""
    return [c for c in unicodedata.normalize("NFD", text) if c in TONE_MARKS]


def toneless(text: str) -> str:
    """`text` in lower case without its tone marks, its letters kept ('Nguyễn' -> 'nguyên')."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text.lower())
                                                if c not in TONE_MARKS))


def cased_like(word: str, printed: str) -> str:
    """`word` in the case `printed` is in: all capitals, a capital first, or as it is."""
    if printed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if printed[:1].isupper() else word


@lru_cache(maxsize=8192)
def fold_tight(s: str | None) -> str:
    """fold() with every non-alphanumeric removed: `Họ, chữ đệm, tên:` → `hochudemten`, so labels
    match even when OCR merges or splits words or drops punctuation."""
    return "".join(ch for ch in fold(s) if ch.isalnum())


def fuzzy_ratio(a: str | None, b: str | None) -> float:
    """Similarity in [0, 1] of the fold_tight keys (rapidfuzz ratio): for label matching."""
    return fuzz.ratio(fold_tight(a), fold_tight(b)) / 100.0


# --------------------------------------------------------------------------- tone placement

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_LETTERS = re.compile(r"[^\W\d_]+")


def _canonical_syllable(m: re.Match) -> str:
    word = m.group(0)
    clusters: list[list[str]] = []  # base letter + its combining marks
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and clusters:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    if len(clusters) < 2:
        return word
    first, last = clusters[-2], clusters[-1]
    # Only an open syllable ending in plain oa/oe/uy varies (hoà/hòa); closed ones (hoàn,
    # toán, huýt) and those with other marks (ươ, uê) have one placement only.
    if first[0].lower() + last[0].lower() not in ("oa", "oe", "uy"):
        return word
    if any(c not in _TONE_MARKS for c in first[1:] + last[1:]):
        return word
    if len(clusters) >= 3:
        before = clusters[-3][0].lower()
        # qu: the u belongs to the consonant, so quà/quý always mark the last vowel.
        if before == "q" or before in _VOWELS:
            return word
    tone = [c for c in last[1:] if c in _TONE_MARKS]
    if not tone or any(c in _TONE_MARKS for c in first[1:]):
        return word
    first.extend(tone)  # old/"classic" style, the one official names use (Hòa Bình, Thanh Hóa)
    last[1:] = [c for c in last[1:] if c not in _TONE_MARKS]
    return unicodedata.normalize("NFC", "".join("".join(c) for c in clusters))


def canonical_tone(s: str | None) -> str:
    """Move the tone of open oa/oe/uy syllables to the first vowel: hoà→hòa, khoẻ→khỏe,
    thuỷ→thủy. Matching only: the printed form stays the stored value (DOMAIN §10)."""
    return _LETTERS.sub(_canonical_syllable, nfc(s))


def text_key(s: str | None) -> str:
    """What two spellings share when they are the same text: NFC, tone placement, case and
    white space set aside (diacritics still count)."""
    return nfc(squash(canonical_tone(s)).casefold())


def same_text(a: str | None, b: str | None) -> bool:
    """Equal after NFC, tone placement, case folding and white space collapsing (diacritics
    still count: `Hòa` ≠ `Hoa`; use fold() to ignore them)."""
    return text_key(a) == text_key(b)


# --------------------------------------------------------------------------- digits

# Letters Tesseract returns for digits. Applied only inside a run of digit-like characters
# that holds at least one real digit (see _ocr_numbers), so words and labels (`Số`, `ID`, `DOB`)
# are never turned into digits. T→7 is riskier (T is a common letter and rarely looks like 7),
# so it is mapped only with a real digit on both sides (`2T3`).
_OCR_DIGIT = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "l": "1", "I": "1", "|": "1", "i": "1", "!": "1",
    "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6",
})
# A run of digit-like characters; `/ . -` join parts of one number (05/O3/2019, 000.00.18).
_DIGITISH_RUN = re.compile(r"[0-9OoDQlI|i!SsBZzGT/.\-]+")
# An 'O' read with a mark of the Vietnamese model, with a digit on one side and a digit or a
# date's separator on the other ('1Ô-04-1967'), is a zero as much as a bare one; at a run's
# edge it is a word's letter ('SÔ1856321456': 'Số' glued to the number)
_MARKED_ZERO = re.compile(r"(?<=\d)[ÔÕÓÒỌƠôõóòọơ](?=[\d/.\-])|(?<=[\d/.\-])[ÔÕÓÒỌƠôõóòọơ](?=\d)")
_T_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])T(?=[0-9])")


def _ocr_numbers(s: str | None) -> str:
    """s with OCR letter-for-digit confusions repaired inside numbers; other text unchanged."""

    def fix(m: re.Match) -> str:
        run = m.group(0)
        if not any(ch.isdecimal() for ch in run):
            return run
        return _T_BETWEEN_DIGITS.sub("7", run.translate(_OCR_DIGIT))

    return _DIGITISH_RUN.sub(fix, _MARKED_ZERO.sub("0", nfc(s)))


def digits(s: str | None, ocr: bool = True) -> str:
    """The ASCII digits of s, in order. With ocr=True letters Tesseract confuses with digits are
    mapped first (O o D Q→0, l I | i !→1, S s→5, B→8, Z z→2, G→6, T→7 between digits), but only
    within runs that already hold a digit. Pass the value, not the label."""
    t = _ocr_numbers(s) if ocr else nfc(s)
    return "".join(ch for ch in t if "0" <= ch <= "9")


_DIGIT_GROUPS = re.compile(r"[0-9]+(?:[ .\-][0-9]+)*")


# An id printed one digit a box ('|0|7|9|1|...'): where the digits touch the box, the walls
# stay on the page and OCR reads them as 'l', '|', 'I', 'i', '!' or '1' between the digits.
_BOX_WALL = "|lIi1![]"
_BOXED = re.compile(rf"[{re.escape(_BOX_WALL)}]?(?:[0-9][{re.escape(_BOX_WALL)}])+[0-9]?")


def boxed_digits(s: str | None) -> str | None:
    """The 12 (or 9) digits of an id read from a row of boxes, the wall between every two
    digits dropped; None unless the walls alternate with digits from end to end."""
    token = re.sub(r"\s+", "", nfc(s or ""))
    if not token or not _BOXED.fullmatch(token):
        return None
    start = 1 if token[0] in _BOX_WALL and not (len(token) > 1 and token[1] in _BOX_WALL) else 0
    found = token[start::2]
    return found if len(found) in (12, 9) and found.isdigit() else None


def parse_personal_id(s: str | None) -> str | None:
    """The personal id in s: 12 digits (printed grouped or not, OCR confusions repaired), else a
    9-digit old CMND number, else None. A 12-digit number wins over a 9-digit one anywhere in s
    (DOMAIN §4: when both are shown, the 12-digit one is the personal id). Nine digits that
    end a number of ten or eleven ('48 176633856') are no CMND number: a 12-digit id lost one."""
    candidates = []
    for run in _DIGIT_GROUPS.findall(_ocr_numbers(s)):
        whole = re.sub(r"[^0-9]", "", run)
        candidates.append(whole)  # `001 090 123 456` is one number
        if len(whole) not in (10, 11):
            candidates.extend(re.findall(r"[0-9]+", run))  # `<12 digits> <9 digits>` are two
    for length in (12, 9):
        found = next((c for c in candidates if len(c) == length), None)
        if found:
            return found
    return None


# --------------------------------------------------------------------------- dates

_UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
          "nham": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}
_NUMBER_WORDS = set(_UNITS) | {"muoi", "ham", "linh", "le", "tram", "nghin", "ngan"}
_MONTH_WORDS = {"gieng": 1, "chap": 12}  # tháng giêng / tháng chạp
# Longest number in words a date needs: "một nghìn chín trăm chín mươi lăm" is 7 tokens.
# Runs are cut at this length so long or hostile text stays linear.
_MAX_NUMBER_WORDS = 8


def _below_100(toks: list[str]) -> int | None:
    n = len(toks)
    if n == 0:
        return 0
    if toks[0] in ("linh", "le"):  # "lẻ năm" = 05
        return _UNITS.get(toks[1]) if n == 2 else None
    if toks[0] in ("muoi", "ham"):  # mười = 10..19; hăm = hai mươi
        base = 10 if toks[0] == "muoi" else 20
        if n == 1:
            return base
        return base + _UNITS[toks[1]] if n == 2 and toks[1] in _UNITS and toks[1] != "khong" else None
    if toks[0] not in _UNITS:
        return None
    if n == 1:
        return _UNITS[toks[0]]
    if toks[1] == "muoi" and _UNITS[toks[0]] >= 2:  # hai mươi (mốt/tư/lăm)
        if n == 2:
            return _UNITS[toks[0]] * 10
        if n == 3 and toks[2] in _UNITS and toks[2] != "khong":
            return _UNITS[toks[0]] * 10 + _UNITS[toks[2]]
    return None


def _below_1000(toks: list[str]) -> int | None:
    if "tram" in toks:
        i = toks.index("tram")
        if i != 1 or toks[0] not in _UNITS:
            return None
        rest = _below_100(toks[2:])
        return None if rest is None else _UNITS[toks[0]] * 100 + rest
    return _below_100(toks)


def _words_to_int(toks: list[str]) -> int | None:
    """Folded Vietnamese number words (or one digit token) → int; None if not a number."""
    if len(toks) == 1 and toks[0].isdecimal():
        return int(toks[0])
    if not toks or any(t not in _NUMBER_WORDS for t in toks):
        return None
    thousands = [i for i, t in enumerate(toks) if t in ("nghin", "ngan")]
    if not thousands:
        return _below_1000(toks)
    if len(thousands) > 1 or thousands[0] == 0:
        return None
    i = thousands[0]
    high, low = _below_1000(toks[:i]), _below_1000(toks[i + 1:])
    return None if high is None or low is None else high * 1000 + low


def _iso(y: int, m: int, d: int) -> str | None:
    # Only 4-digit years: a 2-digit year is ambiguous on a birth date (19 = 1919 or 2019) and
    # would silently pass as a valid value; callers that know the context use expand_yy().
    if not 1000 <= y <= 9999:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASH_READ_AS_LETTER = re.compile(r"(?<!\d)(\d{2})[iIl|/!fƒ](\d{2})[iIl|/!fƒ](\d{4})(?!\d)")
# ... and with a day or month of one digit where both slashes were read so ('28I4I2016',
# '27i5I2016'): read as ones instead, the digits hold no date at all
_SLASHES_READ_AS_LETTERS = re.compile(r"(?<![\d/])(\d{1,2})[iIl|!fƒ](\d{1,2})[iIl|!fƒ]((?:19|20)\d{2})(?!\d)")
# the slash before the year read as '!' and a stroke ('10/6!I2024', '12/01!12023', '8/1!2025'):
# '!' is no digit, and the year opens with 19 or 20, so the split is certain
_SLASH_BEFORE_YEAR = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})![iIl|1]?((?:19|20)\d{2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
# "05 thang 3 nam 2019" with the labels OCR-mangled beyond folding; not after a time (giờ/phút).
# specks may close a number before the next word: 'ngày 28 tháng 08”. năm 2024' (a line's end, wrapped)
_DMY_WORDS = re.compile(r"(?<!\d)(\d{1,2})[^\w\s]{0,3}\s+([a-z]{2,6})\s+(\d{1,2})[^\w\s]{0,3}\s+[a-z]{2,6}\s+(\d{4})(?!\d)")
_TOKENS = re.compile(r"[^\W\d_]+|\d+|\S")


def _date_from_tokens(toks: list[str]) -> str | None:
    """ngày <day> tháng <month> năm <year>, each part digits or words (năm is also "five")."""
    for t, tok in enumerate(toks):
        if tok != "thang":
            continue
        low = t
        while low > max(0, t - _MAX_NUMBER_WORDS) and (
                toks[low - 1] in _NUMBER_WORDS or toks[low - 1].isdecimal()):
            low -= 1
        # Longest run of number words before "tháng" first: "mười lăm" = 15, not "lăm" = 5;
        # shorter when a word before is not part of it ("Việt Nam 5 tháng").
        day = next((d for d in (_words_to_int(toks[i:t]) for i in range(low, t)) if d and d <= 31), None)
        if day is None:
            continue
        for k in range(t + 2, min(t + 5, len(toks))):
            if toks[k] != "nam":
                continue
            mtoks = toks[t + 1:k]
            month = _MONTH_WORDS.get(mtoks[0]) if len(mtoks) == 1 else None
            month = month or _words_to_int(mtoks)
            if month is None:
                continue
            end = k + 1
            while end < min(len(toks), k + 1 + _MAX_NUMBER_WORDS) and (
                    toks[end] in _NUMBER_WORDS or toks[end].isdecimal()):
                end += 1
            # The longest run of number words that is a year: "hai nghìn không trăm mười chín"
            # is 2019, never its prefix "hai nghìn" (that would turn 29/02/2019 into 2000).
            years = (_words_to_int(toks[k + 1:stop]) for stop in range(end, k + 1, -1))
            year = next((y for y in years if y is not None and y >= 1000), None)
            iso = _iso(year, month, day) if year else None
            if iso:
                return iso
    return None


# A lone letter glued to a digit, left after the letters OCR confuses with digits were mapped
# ('ngày J1 tháng 10' for 31): the number's first digit misread, so the number is unread
_LETTER_FOR_DIGIT = re.compile(r"(?<![a-z0-9])[a-z]\d(?![a-z0-9])")


def parse_date(s: str | None) -> str | None:
    """The first real calendar date in s as ISO `YYYY-MM-DD`, `indefinite` for `Không thời hạn`,
    else None. Reads dd/mm/yyyy with / - . separators (spaces allowed), ISO, `ngày 5 tháng 3 năm
    2019`, and the date in words; repairs O/0, l/1 … inside numbers; skips a leading time
    (`09 giờ 15 phút, ngày 15/11/2024`). Day comes before month (Vietnamese order, never swapped);
    4-digit years only. parse_date(parse_date(s)) == parse_date(s)."""
    if not s:
        return None
    tight = fold_tight(s)
    if "khongthoihan" in tight or tight == INDEFINITE:
        return INDEFINITE
    # a slash read as a letter ('22i10i1985', '09/12I1995', '04f12I2025'): only where both day and month
    # have two digits, so the split is certain, and before letters become digits
    s = _SLASH_READ_AS_LETTER.sub(r"\1/\2/\3", _SLASH_BEFORE_YEAR.sub(r"\1/\2/\3", s))
    s = _SLASHES_READ_AS_LETTERS.sub(r"\1/\2/\3", s)
    t = _LETTER_FOR_DIGIT.sub("?", fold(_ocr_numbers(s)))
    for m in _ISO_DATE.finditer(t):
        iso = _iso(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            return iso
    for m in _DMY.finditer(t):
        iso = _iso(int(m[3]), int(m[2]), int(m[1]))
        if iso:
            return iso
    iso = _date_from_tokens([x for x in _TOKENS.findall(t) if x != ","])  # 'Ngày hai mươi, tháng sáu, năm ...'
    if iso:
        return iso
    for m in _DMY_WORDS.finditer(t):
        if m[2] not in ("gio", "phut", "h"):
            iso = _iso(int(m[4]), int(m[3]), int(m[1]))
            if iso:
                return iso
    return None


def parse_date_in_words(s: str | None) -> str | None:
    """The date a line writes out in words ('Ngày hai mươi, tháng năm, năm một nghìn' + 'm _
    chín trăm chín mươi ba'), as ISO: specks between its words (a wrapped line's edge: marks,
    lone letters) are passed over, so they do not cut the year short; any other word ends it."""
    toks = [x for x in _TOKENS.findall(fold(s or "")) if x in _NUMBER_WORDS or x.isdecimal() or len(x) >= 2 and x.isalpha()]
    return _date_from_tokens(toks)


_YEAR = re.compile(r"(?<![0-9])([12][0-9]{3})(?![0-9])")


def parse_year(s: str | None) -> str | None:
    """A 4-digit year (1000–2999) as a string: from a date, a bare `1985`, or words (`năm một
    nghìn chín trăm tám mươi lăm`). Used where only a year is printed (parents, some deaths)."""
    if not s:
        return None
    iso = parse_date(s)
    if iso and iso != INDEFINITE:
        return iso[:4]
    t = fold(_ocr_numbers(s))
    m = _YEAR.search(t)
    if m:
        return m[1]
    toks = _TOKENS.findall(t)
    for i in range(len(toks)):  # longest run of number words from each start ("năm" may lead)
        end = i
        while end < min(len(toks), i + _MAX_NUMBER_WORDS) and toks[end] in _NUMBER_WORDS:
            end += 1
        for stop in range(end, i, -1):
            v = _words_to_int(toks[i:stop])
            if v is not None and 1000 <= v <= 2999:
                return str(v)
    return None


def expand_yy(yy: int | str, pivot_year: int) -> int:
    """The latest year ≤ pivot_year ending in yy: expand_yy(85, 2025) = 1985, (19, 2025) = 2019.
    For birth years pass today's year; for expiry dates pass a pivot in the future."""
    yy = int(yy) % 100
    year = pivot_year - (pivot_year - yy) % 100
    return year


# --------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"(?<![^\W\d_])(?<!\d)\d+(?:[.,]\d+)*")


def parse_area(s: str | None) -> str | None:
    """The first number in s as a canonical decimal string: `1.234,5 m²` → `1234.5`,
    `125,50` → `125.5`. Vietnamese: comma = decimal, dot = thousands; when both appear the
    last one is the decimal mark; a lone `.` is decimal unless exactly 3 digits follow it
    (`1.234` = 1234). A number glued to a letter (`m2`) is not taken."""
    if not s:
        return None
    m = _NUMBER.search(_ocr_numbers(s))
    if not m:
        return None
    num = m.group(0)
    seps = [c for c in num if c in ".,"]
    if not seps:
        text = num
    elif len(set(seps)) == 2:
        dec = seps[-1]
        whole, frac = num.rsplit(dec, 1)
        if dec in whole.replace("," if dec == "." else ".", ""):
            return None  # decimal mark used twice: 1,2.3,4
        text = whole.replace("." if dec == "," else ",", "") + "." + frac
    elif len(seps) > 1:  # 1.234.567 / 1,234,567: thousands groups
        if not all(len(g) == 3 for g in re.split(r"[.,]", num)[1:]):
            return None
        text = num.replace(seps[0], "")
    elif seps[0] == "," or len(num.split(".")[1]) != 3:
        text = num.replace(",", ".")
    else:
        text = num.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None
    out = format(value.normalize(), "f")
    return out


def _phone_digits(d: str) -> str | None:
    if d.startswith("0084"):
        d = d[2:]
    if d.startswith("84") and len(d) in (11, 12):
        d = "0" + d[2:]
    if len(d) == 10 and d[0] == "0" and d[1] not in "012":
        return d
    if len(d) == 11 and d[:2] in ("01", "02"):  # landline 02x; pre-2018 11-digit mobiles 01x
        return d
    return None


def parse_phone(s: str | None) -> str | None:
    """Digits only, leading 0 kept; +84/0084 becomes 0. 10 digits starting 03–09, or 11
    starting 02 (landline) or 01 (pre-2018 mobile); else None. Digit groups are joined until
    they make a number, so `0912 345 678` and `+84 24 3825 1234` read whole and the first of
    two numbers (`0912345678 - 0987654321`) is taken. Prefix validity is check_phone's job."""
    groups = re.findall(r"[0-9]+", _ocr_numbers(s))
    for i in range(len(groups)):
        acc = ""
        for g in groups[i:]:
            acc += g
            if len(acc) > 13:
                break
            found = _phone_digits(acc)
            if found:
                return found
    return None


_MALE = {"nam", "narn", "male", "m"}
_FEMALE = {"nu", "female", "f"}


def unstutter(token: str) -> str:
    """A letter read twice over itself ('NữỮ', folded 'nuu') as one: for words that never
    double a letter."""
    return re.sub(r"(.)\1+", r"\1", token)


def parse_sex(s: str | None) -> str | None:
    """`Nam` or `Nữ` from OCR text (`NỮ`, `Nu`, `Nừ`, `Male`, `Nam / Male`); None when absent
    or when both appear (an unfilled `Nam/Nữ` choice). `Nam` of `Việt Nam` is ignored."""
    toks = [unstutter(t) for t in re.findall(r"[a-z]+", fold(s))]
    male = female = False
    for i, tok in enumerate(toks):
        if tok in _MALE and not (tok == "nam" and i > 0 and toks[i - 1] == "viet"):
            male = True
        elif tok in _FEMALE:
            female = True
    if male == female:
        return None
    return "Nam" if male else "Nữ"


# --------------------------------------------------------------------------- text values

_LEADERS = re.compile(r"\.{2,}|…+|_{2,}|·{2,}")
_LEADING_JUNK = re.compile("^[\\s:/\\-–—.,;'‘’\"“”|]+")
_TRAILING_PUNCT = re.compile(r"[\s.,;:]+$")


def clean_value(s: str | None) -> str:
    """A text field's value: NFC, leader dots/underscores (`.....`, `…`, `____`) removed, leading
    `:` `-` `/` removed, white space collapsed, trailing `. , ; :` removed. It does not know
    labels: pass the text after the label."""
    t = _LEADERS.sub(" ", nfc(s))
    t = _LEADING_JUNK.sub("", squash(t))
    return _TRAILING_PUNCT.sub("", t)


_LONE_JOINER = re.compile(r"(?<![^\W\d_])['’\-]|['’\-](?![^\W\d_])")


# A one-letter syllable is a vowel ('NHƯ Ý'): a lone consonant ending a name is the end of the
# syllable before it, split off ('GIAN G' for 'GIANG'), where the two end as syllables do (in
# c, ch, m, n, ng, nh, p, t); else a speck beside the name read as a letter ('QUỲNH J').
_FINALS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_VOWELS = set("aăâeêioôơuưy")


def _joins(before: str, last: str) -> bool:
    """A lone consonant that ends the syllable before it as syllables end ('GIAN' + 'G')."""
    tail = fold(before)
    return len(last) == 1 and (tail + fold(last)).endswith(_FINALS) and not tail.endswith(("ng", "nh", "ch")) and \
        (tail[-1:] in _VOWELS or tail[-1:] in "nc" and fold(last) in "gh")


def _end_of_name(words: list[str]) -> list[str]:
    """The name without the lone consonants ending it that no syllable before them ends with."""
    while len(words) > 1 and len(words[-1]) == 1 and fold(words[-1]) not in _VOWELS and not _joins(*words[-2:]):
        words.pop()
    return words


def join_split_final(name: str | None) -> str | None:
    """'PHẠM HỮU GIAN G' -> 'PHẠM HỮU GIANG': a syllable's final consonant split off by OCR."""
    words = (name or "").split()
    if len(words) > 2 and len(words[-1]) == 1 and fold(words[-1]) not in _VOWELS and _joins(*words[-2:]):
        last = words.pop()
        words[-1] += last.upper() if words[-1].isupper() else last.lower()
        return " ".join(words)
    return name


def clean_name(s: str | None) -> str:
    """clean_value, then only letters and spaces: OCR's stray `|`, `_`, digits and punctuation
    become spaces. An apostrophe or hyphen between letters stays (`H'Hen Niê`); a lone
    consonant at the end goes."""
    t = "".join(c if c.isalpha() or c in "'’-" else " " for c in clean_value(s))
    t = _LONE_JOINER.sub(" ", t)
    return " ".join(_end_of_name(squash(t).split()))


# --------------------------------------------------------------------------- dossier code

# DOMAIN §3: AAA.BB.CC.LNN-YYMMDD-SSSS. Longer agency codes (more dot groups, ≤ 35 chars) are
# uncertain (U) and accepted when they still hold a level-1 group (letter + 2 digits).
_DOSSIER_CODE = re.compile(
    r"(?P<agency>[0-9A-Z]{1,5}(?:\.[0-9A-Z]{1,5}){2,8})-(?P<ymd>\d{6})-(?P<seq>\d{4})")
_LEVEL1 = re.compile(r"(?:^|\.)[A-Z]\d{2}(?:\.|$)")


def _dossier_parts(s: str | None) -> re.Match | None:
    t = (s or "").strip().upper()
    m = _DOSSIER_CODE.fullmatch(t)
    if not m or len(m["agency"]) > 35 or not _LEVEL1.search(m["agency"]) or m["seq"] == "0000":
        return None
    return m


def dossier_code_date(s: str | None) -> str | None:
    """ISO receipt date of a dossier code (its YYMMDD, years 2000–2099: codes date from 2018)."""
    m = _dossier_parts(s)
    if not m:
        return None
    ymd = m["ymd"]
    return _iso(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))


def dossier_code_in(name: str | None) -> str | None:
    """The dossier code a folder's or file's name holds among other words ('hs
    000.29.33.H17-230313-0169', '000.12.H56-241115-0001 (bản scan)'), or None."""
    for m in re.finditer(r"[0-9A-Za-z.]+-\d{6}-\d{4}", name or ""):
        if _dossier_parts(m.group()):
            return m.group()
    return None


def is_dossier_code(s: str | None) -> bool:
    """True for a well-formed dossier code whose date part is a real date (case-insensitive)."""
    return dossier_code_date(s) is not None


_D = r"[0-9OoDQlI|]"
_DOSSIER_IN_TEXT = re.compile(
    rf"({_D}{{3}})\s*\.\s*({_D}{{2}})\s*\.\s*({_D}{{2}})\s*\.\s*([A-Za-z])\s*({_D}{{2}})"
    rf"\s*[-–—]\s*({_D}{{6}})\s*[-–—]\s*({_D}{{4}})(?![0-9])")


def find_dossier_code(s: str | None) -> str | None:
    """The first dossier code of the common form in OCR text, with O/0 l/1 repaired in its digit
    groups and spaces OCR puts around `.`/`-` removed; None if none is valid."""
    for m in _DOSSIER_IN_TEXT.finditer(nfc(s)):
        g = [x.translate(_OCR_DIGIT) for x in m.groups()]
        code = f"{g[0]}.{g[1]}.{g[2]}.{m[4].upper()}{g[4]}-{g[5]}-{g[6]}"
        if is_dossier_code(code):
            return code
    return None


_YEAR_SLASH = re.compile(r"(?<=\d)[Il|](?=(?:19|20)\d\d\b)")
# ... or lost: two or three digits run into a year ('032024' for '03/2024'). A book or register
# number of six or seven digits ending in a year is none that is printed so.
_YEAR_SLASH_LOST = re.compile(r"^(\d{2,3})((?:19[5-9]|20[0-4])\d)$")


def repair_year_slash(code: str | None) -> str | None:
    """A registration number's slash before its year read as a letter ('467I2024' for
    '467/2024') or lost ('032024'): no number puts a letter between its digits and a year."""
    return _YEAR_SLASH_LOST.sub(r"\1/\2", _YEAR_SLASH.sub("/", code)) if code else code
