"""Is a value the kind of thing it claims to be? Shape checks that catch text read from the
wrong place before it passes: words that are no Vietnamese syllable (OCR junk, an English
caption), a name that is a fragment of a sentence, an address cut short, holding a date or
beginning with the tail of another line.

Each check returns reasons (snake_case); an empty list means the value looks like its kind.
Nothing here rewrites a value: a reason flags it for a person to look at.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import adminunits, vntext, vocab

TEXT_GARBLED = "text_garbled"  # a word that is no Vietnamese syllable, abbreviation or number
NAME_IMPLAUSIBLE = "name_implausible"  # not 2-7 capitalised syllables, or words of a sentence
SURNAME_UNKNOWN = "surname_unknown"  # the first word is no Vietnamese family name we know
ADDRESS_INCOMPLETE = "address_incomplete"  # does not end in a province or city
VALUE_HAS_DATE = "value_has_date"  # a date inside a name or an address: another field's value
VALUE_HAS_LABEL = "value_has_label"  # a printed label inside the value: it ran past its end
ADDRESS_FRAGMENT = "address_fragment"  # begins with the end of a province's name: another line's tail
NUMBER_MISREAD = "number_misread"  # a number ending in a small letter shaped like a digit ('2g' for '29')
COLON_INSIDE = "colon_inside"  # a colon between words: the value ran into a label, or a speck read as one

# Tone marks (one per syllable at most); the vowel marks ă â ê ô ơ ư and đ are letters of their own.
_TONES = vntext.TONE_MARKS
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"([aăâeêioôơuưy]{1,3})"
    r"(ch|ng|nh|c|k|m|n|p|t)?$")  # 'k' closes minority place names: Đắk Lắk
_NUMBERISH = re.compile(r"^[0-9][0-9A-Za-z/.\-]*$|^[A-Z]{1,3}[0-9][0-9A-Za-z/\-]*$")  # 37/24, 15A, CT8
_ABBREVIATION = re.compile(r"^[A-ZĐ]{1,5}\.?$")  # TP. TT. P. Q. H. X. UBND CCCD
_EDGE = " ,.;:()\"'“”‘’-–/"

# Words of sentences and labels, never of a person's name, with their marks: folded, they are
# given names too ('chỉ' / Chi, 'thắng' / Thắng, 'tài' / Tài), and the words that are names as
# they are spelt ('Thành', 'Gia', 'Quốc', 'Dân', 'Sinh', 'Năm', 'Đình', 'Quan', 'Viên') are left out.
_FUNCTION_WORDS = {vntext.text_key(w) for w in (
    "và", "của", "các", "này", "giấy", "tờ", "số", "tại", "theo", "là", "cho", "những", "người", "ngày",
    "tháng", "nơi", "tên", "địa", "chỉ", "ông", "bà", "gồm", "với", "trong", "khác",
    "hệ", "chủ", "tộc", "tịch", "giới", "tính",
)}


_STOP_FINALS = ("c", "ch", "k", "p", "t")
# huyền, hỏi, ngã: a stop final takes sắc or nặng. Nor does it take the level tone ('MAT' read
# for 'MẠT'), but after 'k', which closes minority place names alone (Đăk Tô, Ia Dơk).
_NOT_BEFORE_STOP = {"\u0300", "\u0309", "\u0303"}
_LEVEL_STOP_FINALS = ("c", "ch", "p", "t")
# The vowel before a final 'ch' or 'nh': ach êch ich anh ênh inh, and y in uych, uynh. Jarai place
# names add 'uch' (Ia Púch).
_BEFORE_PALATAL = {"ch": "aêiyu", "nh": "aêiy"}


def syllable_parts(token: str) -> tuple[str, str, str] | None:
    """(vowels, final, tone mark or '') of a token shaped like a syllable, or None."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    m = _SYLLABLE.match(base)
    return (m.group(2), m.group(3) or "", "".join(tones)) if m else None


# The vowels a syllable writes between its onset and its final: Vietnamese spelling's closed set
# (after 'gi' and 'qu', whose i and u belong to the onset), then those of the minorities' place
# and person names the project knows (Ea H'leo, Ayun Pa, Pơơ, Yiêng, Miầu, Rooi). OCR that reads
# a letter for another writes clusters outside it ('Tiãi' for 'Trãi'), and a vowel twice ('GIAANH':
# 'GIA ANH' run together; 'oo' is spelt, 'êê' and 'ơơ' are minorities', 'ii' a Roman number).
_VOWEL_CLUSTERS = frozenset((
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu "
    "ea ey ya yă ye yo yô ii iii êê ơơ ooi iao iâu uă ayu yiê").split())


def sounds_vietnamese(vowels: str, final: str, tone: str) -> bool:
    """Rules that every Vietnamese syllable keeps, and the minorities' place names too (tested on
    every unit and person name the project knows). OCR breaks them when it swaps a mark: 'Lâ
    Lợi' for 'Lê Lợi', 'Yân' for 'Yên', 'bàt' for 'bát'."""
    if vowels not in _VOWEL_CLUSTERS:
        return False  # 'Tiãi', 'GIAANH'; after a first 'y' comes 'ê' (yên), in minority names a, e, o, ô: never 'Yân'
    if vowels.endswith(("ă", "â")) and not final:
        return False  # 'ă' and 'â' never end a syllable but in two Jarai communes (Ia Bă, Đăk Yă): to confirm
    if final in _STOP_FINALS and tone in _NOT_BEFORE_STOP or final in _LEVEL_STOP_FINALS and not tone:
        return False  # 'bát', 'bạt', never 'bàt' nor 'bat'
    return final not in _BEFORE_PALATAL or vowels[-1] in _BEFORE_PALATAL[final]


def syllable(token: str) -> bool:
    """Whether the token is a syllable Vietnamese can sound ('ẵ' is none: ă never stands alone)."""
    parts = syllable_parts(token)
    return parts is not None and sounds_vietnamese(*parts)


# Onsets Vietnamese spelling writes only before e, ê, i (y): 'ghế', 'nghĩ', 'kê'; 'c' never there.
_FRONT_ONLY = ("ngh", "gh", "k")


def _written_so(onset: str, vowels: str) -> bool:
    """The onset as spelling writes it before these vowels ('ghế', 'kê', never 'gha', 'ce')."""
    front = vntext.fold(vowels[0]) in "eiy"
    return not (onset in _FRONT_ONLY and not front or onset == "c" and front)


def _spelled(piece: str) -> bool:
    """A syllable as Vietnamese spells it: a sound it can be, written the way it is written."""
    if not syllable(piece):
        return False
    base = "".join(c for c in unicodedata.normalize("NFD", piece.lower()) if c not in _TONES)
    m = _SYLLABLE.match(unicodedata.normalize("NFC", base))
    return _written_so(m.group(1) or "", m.group(2))


_BARE_CLUSTERS = frozenset(vntext.fold(c) for c in _VOWEL_CLUSTERS)


def _spelled_but_marks(word: str) -> bool:
    """Whether some marks on the word's bare letters spell one syllable ('HƯỲNH': 'HUỲNH')."""
    m = _SYLLABLE.match(vntext.fold(word))
    return bool(m) and m.group(2) in _BARE_CLUSTERS and _written_so(m.group(1) or "", m.group(2))


def split_run_together(word: str) -> str | None:
    """Syllables whose space OCR lost ('TUẤNNGỌC', 'PHANQUANGHOÀNG'), spaced again: the one way
    to cut the word into the fewest spelled syllables, or None (not run together, or more than
    one way). A word whose bare letters spell one syllable is that syllable with a mark misread
    ('HƯỲNH' is 'HUỲNH', not 'HƯ ỲNH'): OCR misreads a mark far more often than it loses a space."""
    if len(word) < 5 or _spelled(word) or _spelled_but_marks(word) or not word.isalpha():
        return None
    n = len(word)
    # ways[i]: (fewest syllables for word[:i], how many ways reach that, the cut before i)
    ways: list[tuple[int, int, int]] = [(0, 1, 0)] + [(n + 1, 0, 0)] * n
    for i in range(1, n + 1):
        for j in range(max(0, i - 7), i):  # a syllable has at most 7 letters ('nghiêng')
            if ways[j][1] and _spelled(word[j:i]):
                count = ways[j][0] + 1
                if count < ways[i][0]:
                    ways[i] = (count, ways[j][1], j)
                elif count == ways[i][0]:
                    ways[i] = (count, ways[i][1] + ways[j][1], ways[i][2])
    if ways[n][1] != 1 or ways[n][0] < 2:
        return None
    cuts, i = [], n
    while i:
        cuts.append(word[ways[i][2]:i])
        i = ways[i][2]
    return " ".join(reversed(cuts))


def merge_doubled_letter(word: str) -> str | None:
    """A letter read twice with two tone marks, or with and without one ('NGUYÊỄN', 'PHẠAM',
    'QUYỲNH'): Tesseract wrote both of its guesses, and Vietnamese never writes a vowel twice.
    The one with the tone mark is kept where the word is then spelled as a syllable; else None.
    'ư' and 'u' are two letters ('LƯU')."""
    if not word.isalpha():
        return None
    for i in range(len(word) - 1):
        a, b = word[i], word[i + 1]
        if a != b and vntext.toneless(a) == vntext.toneless(b):
            merged = word[:i] + (b if vntext.toneless(a) == a.lower() else a) + word[i + 2:]
            if _spelled(merged):
                return merged
    return None


def vowelless(word: str) -> bool:
    """A word of letters with no vowel ('TH', 'NG'): no Vietnamese syllable, a piece of one."""
    return word.isalpha() and not any(c in "aeiouy" for c in vntext.fold(word))


def split_name_words(value: str | None) -> str | None:
    """A name with the words OCR ran together spaced again, a letter read twice once, and a
    syllable's first consonants that OCR split off joined back ('TRẦN XUÂN TH UẬN')."""
    if not value:
        return value
    words: list[str] = []
    for w in (merge_doubled_letter(w) or split_run_together(w) or w for w in value.split()):
        if words and vowelless(words[-1]):
            joined = words[-1] + (w if words[-1].isupper() else w.lower())
            if _spelled(joined):
                words[-1] = joined
                continue
        words.append(w)
    return " ".join(words)


def _tokens(text: str) -> list[str]:
    out = []
    for raw in vntext.squash(text).split():
        for part in re.split(r"(?<=\w)['’](?=\w)", raw):  # H'Mông, K'Ho: two syllables
            t = part.strip(_EDGE)
            if t:
                out.append(t)
    return out


def garbled_words(text: str) -> list[str]:
    """The words of `text` that are neither a Vietnamese syllable, an abbreviation nor a number."""
    return [t for t in _tokens(text)
            if not (syllable(t) or _ABBREVIATION.match(t) or _NUMBERISH.match(t))]


# A colon or semicolon after a word with more words after it: a label's end ('Nơi cư trú: ...')
# or a speck ('quyền sở: hữu'). No value of 34 outside seeds holds one where it is right.
_COLON_INSIDE = re.compile(r"[^\W\d_]\s*[:;]\s*[^\W_]")


def check_text(value: str | None) -> list[str]:
    if not value:
        return []
    return ([TEXT_GARBLED] if garbled_words(value) else []) + ([COLON_INSIDE] if _COLON_INSIDE.search(value) else [])


_DATE = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}")


def check_name(value: str | None, surnames: set[str]) -> list[str]:
    """A person's name: 2-7 syllables, each capitalised, no digits, no word of a sentence or a
    label, and (else flagged as unusual) a family name we know."""
    if not value:
        return []
    reasons = []
    words = vntext.squash(value).split()
    if any(c.isdigit() for c in value):
        reasons.append(VALUE_HAS_DATE if _DATE.search(value) else NAME_IMPLAUSIBLE)
    folded = [vntext.fold_tight(w) for w in words]
    # every word a syllable: a name holds no abbreviation ('MAT' read for 'MAI' passes for one)
    if not 2 <= len(words) <= 7 or any(not w[:1].isupper() for w in words) or \
            any(vntext.text_key(w) in _FUNCTION_WORDS for w in words[1:]) or \
            not all(syllable(t) for t in _tokens(value)):
        reasons.append(NAME_IMPLAUSIBLE)
    elif folded and folded[0] not in surnames:
        reasons.append(SURNAME_UNKNOWN)
    return sorted(set(reasons))


@lru_cache(maxsize=1)
def _provinces() -> tuple[str, ...]:
    """Folded names of the provinces and centrally-run cities."""
    folded = {vntext.fold_tight(n) for n in adminunits.province_names()} | {"hcm", "tphcm"}  # TP.HCM as printed
    return tuple(sorted(folded, key=len, reverse=True))


@lru_cache(maxsize=1)
def _province_tails() -> frozenset[tuple[str, ...]]:
    """The folded words that end a province's name, the whole name too: ('chi', 'minh'),
    ('minh',), ('ho', 'chi', 'minh')."""
    tails = set()
    for name in adminunits.province_names():
        words = [w for w in map(vntext.fold_tight, name.split()) if w]  # 'Bà Rịa - Vũng Tàu'
        tails |= {tuple(words[k:]) for k in range(len(words))}
    return frozenset(tails)


def reaches_province(text: str) -> bool:
    """The address ends in its province or city; a province alone, or an address that stops
    before its province, was cut short."""
    parts = [p for p in re.split(r"[,;]", text) if p.strip()]
    return len(parts) >= 2 and vntext.fold_tight(parts[-1]).endswith(_provinces())


_TOWN_TYPES = re.compile(r"^(?:tp|thanhpho|tx|thixa)\.?")


def province_follows(text: str) -> bool:
    """The address ends in a city or town named as its province ('..., TP. Bắc Ninh'): the
    province's own part is still to come ('tỉnh Bắc Ninh'), though its name was reached."""
    parts = [p for p in re.split(r"[,;]", text) if p.strip()]
    if not parts:
        return False
    last = vntext.fold_tight(parts[-1])
    town = _TOWN_TYPES.match(last)
    return bool(town) and last[town.end():] in adminunits.provinces_not_cities()


def _opens_part(words: list[str], tail_words: int) -> bool:
    """Whether `words` read as a whole part of an address: a number, a unit type or a local
    word with what follows ('12 Lê Lợi', 'Phường 7', 'Thôn Đông'), or after two words of a
    province's name a unit's name ('Chí Minh Bến Nghé'). One word that ends a province's name
    also begins many names ('Giang Văn Minh', 'Nam Kỳ Khởi Nghĩa'): a unit's name after it
    proves nothing."""
    first = words[0].lower()
    return first[:1].isdigit() or first in adminunits.UNIT_TYPES or first in adminunits.LOCAL_WORDS or \
        (tail_words >= 2 and adminunits.is_unit_name(" ".join(words)))


def starts_with_fragment(value: str) -> bool:
    """The address begins with words that end a province's name, or the whole name, before a
    part of its own ('Chí Minh Bến Nghé, Quận 1, Hồ Chí Minh'): the tail of a wrapped line of
    the value above, read into this one. A first part that is a unit's name ('Minh Khai',
    'Đồng Nai Thượng') is the address's own."""
    parts = [p.strip() for p in re.split(r"[,;]", value) if p.strip()]
    if len(parts) < 2 or adminunits.is_unit_name(parts[0]):
        return False
    printed = parts[0].split()
    folded = tuple(vntext.fold_tight(w) for w in printed)
    return any(folded[:n] in _province_tails() and _opens_part(printed[n:], n)
               for n in range(1, len(printed)))


def check_address(value: str | None, labels: tuple[str, ...] = ()) -> list[str]:
    """An address ends in its province or city, begins with its own words, holds no date and no
    printed label."""
    if not value:
        return []
    reasons = check_text(value)
    if _DATE.search(value):
        reasons.append(VALUE_HAS_DATE)
    if not reaches_province(value) or _house_then_province(value) or province_follows(value):
        reasons.append(ADDRESS_INCOMPLETE)
    if starts_with_fragment(value):
        reasons.append(ADDRESS_FRAGMENT)
    if has_label(value, labels):
        reasons.append(VALUE_HAS_LABEL)
    if _DIGIT_LOOKALIKE.search(value) or _LONG_NUMBER.search(value):
        reasons.append(NUMBER_MISREAD)
    if any(_misread_before_street(part.split()) for part in value.split(",")):
        reasons.append("address_word_misread")
    if _lower_case_stray(value):
        reasons.append(TEXT_GARBLED)
    if _one_word_head(value):
        reasons.append(ADDRESS_FRAGMENT)
    return sorted(set(reasons))


# The words an address prints in lower case: its units' types and its local words ('số 5 ngõ
# 12 phố ..., phường ..., thành phố ...'). Names are capitalised: a word in lower case besides
# these is what is left of a name misread or half lost ('Cách ong', 'Tân ạnh Đông'). On 74
# outside seeds no address read right holds one; 2 read wrong and unflagged did.
_ADDRESS_LOWER_WORDS = frozenset(vntext.fold(w) for t in adminunits.UNIT_TYPES + adminunits.LOCAL_WORDS
                                 for w in t.split()) | {"va", "tang", "chung", "cu", "dan", "quoc", "lo", "vuc",
                                                        "buon", "plei", "soc", "khom", "day", "phong", "ho", "toa"}


def _lower_case_stray(value: str) -> bool:
    words = (t.strip("()/-'\"") for t in re.split(r"[\s,;.]+", value))
    return any(t[:1].isalpha() and t[:1].islower() and vntext.fold(t) not in _ADDRESS_LOWER_WORDS for t in words)


def _one_word_head(value: str) -> bool:
    """The address opens with a part of one word that is no unit's name, number or local word
    ('Trưng, Linh Chiểu, ...'): the end of a name whose start was read on another line."""
    parts = [p.strip() for p in re.split(r"[,;]", value) if p.strip()]
    if len(parts) < 2 or len(parts[0].split()) != 1:
        return False
    word = parts[0]
    return not (word[:1].isdigit() or word.lower() in adminunits.UNIT_TYPES + adminunits.LOCAL_WORDS
                or adminunits.is_unit_name(word) or adminunits.spells_unit(word))


def _misread_before_street(words: list[str]) -> bool:
    """A part that is one word and a common street's name, the word none that stands before a
    street ('Phế Nguyễn Văn Cừ' for 'Phố'): a local word or a unit's type misread."""
    if len(words) < 3 or not vocab.is_street(words[1:]) or words[0][:1].isdigit():
        return False
    first = words[0].lower()
    return first not in adminunits.LOCAL_WORDS and first not in adminunits.UNIT_TYPES


def _house_then_province(value: str) -> bool:
    """A house's or a lane's number, then the province at once: a house stands in a commune, whose
    part was lost ('200/4 30 Tháng Đức, TP Hồ Chí Minh': a wrapped line's first words misread).
    None of 1,013 truth addresses of the outside corpus that open with a number is printed so."""
    parts = [p for p in value.split(",") if p.strip()]
    return len(parts) == 2 and any(c.isdigit() for c in parts[0])


# A house's or a lane's number closed by a small letter shaped like a digit: 'Số 2g' is 'Số 29'.
# Numbers take capital letters after them ('15A', '12B'); these small ones are OCR's.
_DIGIT_LOOKALIKE = re.compile(r"(?<![^\W_])\d+[gqolsz](?![^\W_])")
# A number of five digits or more: no house, lane or hamlet is numbered so, but '276/4' whose
# slash was read as a 1 is ('27614'). None of 937 numbers in the outside corpus's addresses has
# more than three digits.
_LONG_NUMBER = re.compile(r"(?<!\d)\d{5,}(?!\d)")


# What may stand right before a province's name in its own part: its type ('tỉnh', 'thành phố').
_PROVINCE_TYPE_WORDS = {"tinh", "pho", "tp", "thanhpho"}


def separate_province(value: str | None) -> str | None:
    """'Sơn Trà Đà Nẵng' -> 'Sơn Trà, Đà Nẵng': the province that ends an address is a part of
    its own, after a comma OCR lost, unless its type word stands before it. An address of one
    part is left alone."""
    if not value or "," not in value:
        return value
    head, tail = value.rsplit(",", 1)
    words = tail.split()
    for n in range(min(4, len(words)), 0, -1):  # the longest name first: 'Thừa Thiên Huế', not 'Huế'
        name = " ".join(words[-n:])
        if vntext.fold_tight(name) not in _provinces():
            continue
        if n == len(words) or vntext.fold_tight(words[-n - 1]) in _PROVINCE_TYPE_WORDS:
            return value
        return f"{head}, {' '.join(words[:-n])}, {name}"
    return value


# The card's nationality, printed on the line of the origin's label past its caption ('Quê quán /
# Place of origin: #analy: Việt Nam'), read into the origin under it: no address names the country.
_NATIONALITY_HEAD = re.compile(r"^\s*Vi[eệê]t\s+Nam\s*[,.:;]?\s+(?=\S)", re.IGNORECASE)


def cut_nationality(value: str | None) -> str | None:
    """'Việt Nam Phú Hội, Huế, Thừa Thiên Huế' -> 'Phú Hội, Huế, Thừa Thiên Huế'."""
    return _NATIONALITY_HEAD.sub("", value) if value else value


def cut_after_province(value: str | None) -> str | None:
    """An address that runs on past its province ('..., Hà Nội Ộ', '..., Đồng Nai 11/08/2025':
    specks of a photo, a date from the next column) cut where its province ends. An address
    that ends in its province is left as it is, and so is one that names no province."""
    if not value or reaches_province(value):
        return value
    words = value.split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k]).rstrip(" .,;")
        if reaches_province(head):
            return head
    return value


def _speck(token: str) -> bool:
    """A token with no letter, digit or dash: '`', 'ˆ' (a mark alone), '>>', ')'."""
    return not any(unicodedata.category(c) in ("Lu", "Ll", "Lt", "Lo", "Nd") or c in "-–" for c in token)


# A quote mark or a rule's speck opening a word of an address: a speck ("Phan Văn 'Trị", '¡Huyện
# Tiên Du'); inside one a quote is a name's (Cư M'gar).
_OPENING_SPECK = re.compile(r"^['`‘’\"“”¡|¦]+(?=[^\W\d_])")


def drop_specks(value: str | None) -> str | None:
    """An address with the specks OCR read between its words taken out ('Diễn ˆ Thành': a
    mark of the photo or the guilloche between two words), quote marks and rules' specks before
    a word, and a word's tail read twice before it ('hù Phù Linh')."""
    if not value:
        return value
    words = [_OPENING_SPECK.sub("", t) for t in value.split() if not _speck(t)]
    # the tail of the next word read once more before it ('hù Phù Linh'): its capital lost with it
    words = [w for w, nxt in zip(words, words[1:] + [""]) if not (
        len(w) >= 2 and w.islower() and nxt[:1].isupper() and nxt[1:].lower() == w)]
    return " ".join(words) or value


def has_label(value: str, labels: tuple[str, ...]) -> bool:
    """Whether one of the form's printed labels (long enough to be unmistakable) is inside."""
    tight = vntext.fold_tight(value)
    return any(len(t) >= 8 and t in tight for t in (vntext.fold_tight(label) for label in labels))


_AUTHORITY = re.compile(r"^(uy ban nhan dan|ubnd|cong an|so |phong |van phong|chi cuc|cuc |bo |tong cuc|"
                        r"chi nhanh|toa an|bo phan)")


def check_authority(value: str | None) -> list[str]:
    """An issuing body: a People's Committee, the police, a department, an office, and a unit."""
    if not value:
        return []
    reasons = check_text(value)
    folded = vntext.fold(value)
    m = _AUTHORITY.match(folded)
    if not m:
        reasons.append("authority_implausible")
    elif len(folded[m.end():].split()) < 2:  # 'Ủy ban nhân dân' alone: whose?
        reasons.append("authority_incomplete")
    elif _UNIT_BODY.match(folded) and not _UNIT_BODY.match(folded).group(2):
        reasons.append("authority_implausible")  # a committee or police of no unit type: 'ận bình thạnh'
    return reasons


# A People's Committee and the police are a unit's: their name goes on with its type word.
_UNIT_BODY = re.compile(rf"^(uy ban nhan dan|ubnd|cong an)\s+({adminunits.TYPE_WORDS})?")


_REGISTRATION = re.compile(r"^[0-9]{1,6}([/.\-][0-9A-ZĐa-zđ]{1,12}){0,3}$")


def check_registration(value: str | None) -> list[str]:
    """A register number as printed: digits, then '/'-separated year or register code."""
    return [] if not value or _REGISTRATION.match(value) else ["number_implausible"]
