"""Administrative units before and after the 1 July 2025 reorganisation, from the maintained
`vietnamadminunits` dataset (official codes; 63 provinces / 681 districts / 10,040 communes,
and 34 provinces / 3,321 communes). Both forms are legitimate on documents.

The check that matters is spelling: OCR loses and swaps Vietnamese marks ('Ba Đĩnh' for 'Ba
Đình', 'Nghỉ Lộc' for 'Nghi Lộc'), and a place name that exists only without its marks is a
misread, which must be flagged rather than stored.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from . import vntext

# Unit types as printed before a name, longest first; abbreviations too.
UNIT_TYPES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "xã", "quận", "huyện", "tỉnh",
              "tp.", "tp", "tx.", "tt.", "q.", "h.", "p.", "x.")
# Words that open a part of an address below the commune: not checked against the list.
LOCAL_WORDS = ("số", "thôn", "xóm", "tổ", "ấp", "bản", "khu", "đường", "phố", "ngõ", "ngách", "hẻm",
               "khối", "làng", "đội", "cụm", "tại", "bệnh viện", "trạm", "nhà", "kiệt", "lô", "căn")


def _key(name: str) -> str:
    """Exact spelling up to case, white space and old/new tone placement."""
    return vntext.canonical_tone(vntext.squash(name)).casefold()


# The columns of unit names, in the dataset's two tables: before and after 1 July 2025.
_NAME_COLUMNS = (("provinceShort", "admin_units_legacy"), ("districtShort", "admin_units_legacy"),
                 ("wardShort", "admin_units_legacy"), ("wardShort", "admin_units"))


@lru_cache(maxsize=None)
def _column(col: str, table: str) -> tuple[str, ...]:
    """The distinct names of one column of the dataset, in its order."""
    from vietnamadminunits.database import query

    return tuple(r["n"] for r in query(f"SELECT DISTINCT {col} AS n FROM {table}") if r["n"])


def _spellings() -> list[str]:
    return [n for col, table in _NAME_COLUMNS for n in _column(col, table)] + sorted(province_names())


@lru_cache(maxsize=1)
def names() -> tuple[set[str], dict[str, set[str]]]:
    """(spellings of every unit name, folded name -> its real spellings)."""
    found = set(_spellings())
    by_fold: dict[str, set[str]] = {}
    for n in found:
        by_fold.setdefault(vntext.fold_tight(n), set()).add(_key(n))
    return {_key(n) for n in found}, by_fold


SHORTEST_SPELT_UNIT = 4  # letters without marks: a shorter word is a unit's as often as a speck's


def spells_unit(text: str) -> bool:
    """Whether `text` has the letters of a unit's name, its marks aside ('Câm Trung': Cẩm Trung)."""
    key = vntext.fold_tight(text)
    return len(key) >= SHORTEST_SPELT_UNIT and key in names()[1]


def is_unit_name(text: str) -> bool:
    """Whether `text` is a unit's exact name ('Bến Nghé', 'Phường 7'), before or after July 2025."""
    return _key(text) in names()[0]


@lru_cache(maxsize=1)
def _unique_spelling() -> dict[str, str]:
    """Folded name -> its one real spelling, for names no other unit shares without marks."""
    spellings: dict[str, dict[str, str]] = {}
    for n in _spellings():
        spellings.setdefault(vntext.fold_tight(n), {})[_key(n)] = vntext.nfc(n)
    return {k: next(iter(v.values())) for k, v in spellings.items() if len(v) == 1}


# A period closing a whole word (not an abbreviation: 'TP.', 'P.', 'Q.', 'Tp.') before the next
# part of an address: addresses separate their parts with commas, so it is a comma misread.
_PERIOD_FOR_COMMA = re.compile(r"(?<=[^\W\d_][^\W\d_A-ZĐ]{2})\. (?=[^\W\d_])"
                               # ... or a word of two ('Ngọc Hà. quận'): an abbreviation ('Tp.') never
                               # stands before a unit's type word written out
                               r"|(?<=[^\W\d_][^\W\d_A-ZĐ])\. (?=(?i:quận|huyện|tỉnh|phường|xã|thị|thành phố)\b)"
                               # ... nor is a word of two other than 'Tp', 'Tx', 'Tt' ('Hà Hoàng Hổ. Châu Phú A')
                               r"|(?<=(?<![^\W\d_])(?!T[pxt])[^\W\d_][^\W\d_A-ZĐ])\. (?=[^\W\d_])")
# The same after a unit's number ('Phường 7. Gò Vấp', 'P. 7. Gò Vấp'): the number is the unit's
# name, so its part ends there. Other numbers keep their period ('Số 12. Ngõ 5').
# Hamlets and groups named by their number ('Ấp 4. Hoằng Đạt', 'Thôn 3. Hoằng Lộc') likewise.
NUMBERED_LOCAL = ("ấp", "thôn", "tổ", "xóm", "khu", "khối", "đội", "bản", "cụm")
_PERIOD_AFTER_UNIT_NUMBER = re.compile(rf"((?<![^\W\d_])(?:{'|'.join(map(re.escape, UNIT_TYPES + NUMBERED_LOCAL))})\s*\d+)\. "
                                       r"(?=[^\W\d_])", re.IGNORECASE)
# A comma read twice or with a period beside it (',.', ', ,', ',;', 'Vang.,'): one separator was
# printed. A period that closes an abbreviation ('TP.,') is not one of them.
_DOUBLED_SEPARATOR = re.compile(r"\s*(?:,\s*[,.;]|(?<=[^\W_]{3})\.\s*[,;])[\s,.;]*")


# A unit's abbreviation whose period OCR read as another mark ('Q_ Ninh Kiều', 'Q-Gò Vấp',
# 'X, Hoằng Đạt': a lone 'X' is no part of an address), and a comma with no space after it.
_ABBREVIATION_MISREAD = re.compile(r"(?:^|(?<=, ))(TP|TX|TT|P|Q|X|H)\s?[_\-,]\s*(?=[^\W\d_])")  # opening a part; 'Lô H-12' stays
# ... and a town's 'TT.' whose second T was read as a one ('T1. An Dương'): no part opens so
_TOWN_MISREAD = re.compile(r"(?:^|(?<=, ))T[1lI]\.\s?(?=[^\W\d_])")
_COMMA_UNSPACED = re.compile(r",(?=[^\W\d_])")
# ... or lost it ('P Cô Giang'): a lone capital opening a part before a name is a unit's
# abbreviation ('TP' is printed bare on cards: 'TP Hồ Chí Minh', and stays so).
_ABBREVIATION_BARE = re.compile(r"(?:^|(?<=, ))(P|Q|X|H) (?=[^\W\d_]{2})")
# ... and before a ward's or district's number ('P 5, Q 3': 'Phường 5, Quận 3' abbreviated)
_NUMBERED_BARE = re.compile(r"(?:^|(?<=, ))(P|Q) (?=\d{1,2}(?:,|$))")


# A two-word unit type split by a period or a comma ('thành. phố Thủ Đức'): a dotted leader's
# last dot where the line wrapped between its words. It is one word, not two parts.
# Only at the start of a part: 'Tân Thành, phố Huế' is a unit's name and a street.
_TYPE_SPLIT = re.compile(r"(^|[,;]\s*)(thành|thị)\s*[.,;…]+\s*(phố|xã|trấn)\b", re.IGNORECASE)
_TYPE_GLUED = re.compile(r"(?<![^\W_])(thành|thị)(phố|xã|trấn)(?![^\W_])", re.IGNORECASE)  # 'Thànhphố': the space lost


# A house's number whose slash was read as a letter or two or a bar ('232I11', '2i18', '102lI21',
# '99|27'), and a semicolon between two parts: addresses print neither, the slash and the comma
# are misread.
_NUMBER_SLASH = re.compile(r"(?<=\d)(?:[Il|i]|[Il]{2})(?=\d)")
_SEMICOLON = re.compile(r"\s*;\s*")


def repair_separators(text: str | None) -> str | None:
    """'Hòa Ninh, Hòa Vang. Đà Nẵng' -> 'Hòa Ninh, Hòa Vang, Đà Nẵng'; 'Phường 7. Gò Vấp' and
    'Long Thành,. Tỉnh Đồng Nai' likewise; 'thành. phố' and 'Thànhphố' -> 'thành phố', 'Thành phố'; 'Ngõ 123; Phố' ->
    'Ngõ 123, Phố'; 'Số 232I11' and 'Số 2i18' -> 'Số 232/11' and 'Số 2/18'."""
    if not text:
        return text
    text = _NUMBER_SLASH.sub("/", _SEMICOLON.sub(", ", text))
    text = _TYPE_GLUED.sub(r"\1 \2", _TYPE_SPLIT.sub(r"\1\2 \3", text))
    text = _DOUBLED_SEPARATOR.sub(", ", text)
    text = _COMMA_UNSPACED.sub(", ", text)
    text = _TOWN_MISREAD.sub("TT. ", _ABBREVIATION_MISREAD.sub(r"\1. ", text))
    text = _NUMBERED_BARE.sub(r"\1. ", _ABBREVIATION_BARE.sub(r"\1. ", text))
    text = _PERIOD_AFTER_UNIT_NUMBER.sub(r"\1, ", text)

    def period(m: re.Match) -> str:
        before = text[:m.start()].split()
        if before and before[-1].lower() in _PART_OPENERS:
            return " "  # a speck after the word that opens a part ('Ấp. Bắc'): no part ends there
        return " " if _one_name(text[:m.start()], text[m.end():]) else ", "
    return _PERIOD_FOR_COMMA.sub(period, text)


# The words that open a part of an address before its name ('Ấp Bắc', 'Xã Kiêu Kỵ')
_PART_OPENERS = frozenset(NUMBERED_LOCAL + ("xã", "phường", "quận", "huyện", "tỉnh"))


def _one_name(before: str, after: str) -> bool:
    """Whether the words round a period are one unit's name, wrapped at a line's end after its
    leader's last dot ('phường Đông. Xuyên', 'Tỉnh Thừa. Thiên Huế'), not two parts."""
    head = re.split(r"[,;]", before)[-1]
    opens = _TYPE_OPENS.match(fold_chars(head))
    head = head[opens.end():] if opens else head
    tail = re.split(r"[,;]", after)[0]
    name = f"{head.strip()} {tail.strip()}"
    return bool(head.strip() and tail.strip()) and (is_unit_name(name) or _key(name) in _province_keys())


@lru_cache(maxsize=1)
def province_names() -> frozenset[str]:
    """Names of the provinces and centrally-run cities, before and after July 2025: the
    dataset's, and the 63 of the id's place codes, which keep 'Thừa Thiên Huế' (the dataset
    says 'Huế')."""
    from vietnamadminunits.database import query

    from .validate import PLACE_CODES  # validate reads units from here: imported when first asked

    return frozenset({r["p"] for t in ("admin_units_legacy", "admin_units")
                      for r in query(f"SELECT DISTINCT provinceShort AS p FROM {t}") if r["p"]}
                     | set(PLACE_CODES.values()))


@lru_cache(maxsize=1)
def provinces_not_cities() -> frozenset[str]:
    """Folded names of the provinces ('Tỉnh Bắc Ninh'), not the centrally-run cities ('Thành phố
    Hà Nội'): a city or town of a province may bear its name ('TP. Bắc Ninh, tỉnh Bắc Ninh')."""
    from vietnamadminunits.database import query

    def named(kind: str) -> set[str]:
        return {vntext.fold_tight(r["p"]) for t in ("admin_units_legacy", "admin_units")
                for r in query(f"SELECT DISTINCT provinceShort AS p FROM {t} WHERE province LIKE '{kind} %'") if r["p"]}
    return frozenset(named("Tỉnh") - named("Thành phố"))


@lru_cache(maxsize=1)
def _province_keys() -> frozenset[str]:
    return frozenset(_key(n) for n in province_names())


def _provinces_opened_by(name: str) -> list[str]:
    """The provinces whose names open with these words, where the words name no unit themselves."""
    words = name.split()
    if not words or is_unit_name(name) or _key(name) in _province_keys():
        return []
    return [p for p in province_names() if len(p.split()) > len(words)
            and _key(" ".join(p.split()[:len(words)])) == _key(name)]


def complete_province(text: str | None) -> str | None:
    """An address whose province's name was cut at the line's end ('..., thành phố Hồ Chí',
    '..., Thừa Thiên', '..., thành phố Cần'): words that name no unit themselves and open one
    province's name alone are that province, put whole."""
    if not text:
        return text
    head, sep, last = text.rpartition(",")
    printed, _, name = _unit(vntext.nfc(last).strip())
    whole = _provinces_opened_by(name)
    # one word alone opens a province only after its type word ('thành phố Cần')
    if len(whole) != 1 or len(name.split()) < (1 if printed else 2):
        return text
    words = name.split()
    at = last.rfind(words[-1]) + len(words[-1])
    rest = " ".join(whole[0].split()[len(words):])
    return f"{head}{sep}{last[:at]} {rest}{last[at:]}"


PROVINCE_WORDS_AT_MOST = 3  # 'Bà Rịa - Vũng Tàu' aside, a province's name has two or three words


def repair_province_at_end(text: str | None) -> str | None:
    """A place named after its province with no comma or type word before it, the province
    read with other marks ('Bệnh viện Đa khoa Trung tâm Ấn Giang'): the province's spelling,
    in the case read. Only names of two words or more, whose letters spell one province alone."""
    if not text:
        return text
    words = text.split()
    for n in range(PROVINCE_WORDS_AT_MOST, 1, -1):
        tail = " ".join(words[-n:])
        if len(words) <= n or _key(tail) in _province_keys():  # spelt right (marks placed either way)
            continue
        right = [p for p in province_names() if vntext.fold_tight(p) == vntext.fold_tight(tail)]
        if len(right) == 1:
            return " ".join(words[:-n] + [right[0].upper() if tail.isupper() else vntext.nfc(right[0])])
    return text


# A province's part read past repair ('thành phố ẤN', 'tỉnh Bắc Am', 'thành phố lo Nội') after
# a district that lies in one province alone ('huyện Gia Lâm'): the province is that one. Only
# a part this short, naming no unit itself: a longer one is other text run on.
MISREAD_PROVINCE_WORDS = 3
_COMMUNE_TYPES = ("phuong", "xa", "thi tran", "p.", "x.", "tt.")  # ... a commune's: no district's part


def province_by_district(text: str | None) -> str | None:
    """'Xã Yên Viên, huyện Gia Lâm, thành phố ẤN' -> '..., thành phố Hà Nội': an address whose
    last part names no unit, after a district of one province alone, ends in that province.
    Its type word, where printed, must fit ('tỉnh' is no centrally-run city's). Values a person
    must still confirm: the caller keeps them flagged."""
    if not text:
        return text
    head, sep, last = text.rpartition(",")
    printed, folded_type, name = _unit(vntext.nfc(last).strip())
    if fold_chars(name) in ("tinh", "thanh pho"):  # the name lost after its type word: 'huyện Quỳnh Lưu, tỉnh'
        printed, folded_type, name = name, fold_chars(name), ""
    if not sep or not (name or printed) or len(name.split()) > MISREAD_PROVINCE_WORDS \
            or folded_type not in _TYPES_ABOVE_COMMUNE[0] or is_unit_name(name) or _key(name) in _province_keys():
        return text
    if fold_chars(name).rstrip(". ") == "tp":  # 'TP' alone: whether printed 'TP' or 'TP.' is not known
        return text
    _, district_type, district = _unit(head.rpartition(",")[2].strip())
    if district_type in _COMMUNE_TYPES or not district:
        return text
    homes = [p for p, districts in _districts().items() if vntext.fold_tight(district) in districts]
    if len(homes) != 1:
        return text
    if folded_type and (folded_type == "tinh") != (homes[0] in provinces_not_cities()):
        return text  # 'tỉnh' before a centrally-run city, or 'thành phố' before a province
    spellings = _tree().get((), {}).get(homes[0], set())
    at = last.rfind(name) if name else len(last.rstrip())
    if len(spellings) != 1 or at < 0:
        return text
    province = next(iter(spellings))
    return f"{head}{sep}{last[:at]}{'' if name else ' '}{province.upper() if head.isupper() else province}"


_TYPE_SPELLING = {"thanh pho": "thành phố", "thi tran": "thị trấn", "thi xa": "thị xã", "phuong": "phường",
                  "huyen": "huyện", "tinh": "tỉnh", "quan": "quận", "xa": "xã"}


@lru_cache(maxsize=1)
def _spelling_by_key() -> dict[str, str]:
    """A unit name's official spelling (capitals, marks) by its exact key."""
    out: dict[str, str] = {}
    for n in _spellings():
        out.setdefault(_key(n), vntext.nfc(n))
    return out


def repair(text: str | None) -> str | None:
    """The text with misread unit names put right where the list leaves no doubt: a typed part
    ('tĩnh lao cai') whose name, without marks, is one unit's only ('Lào Cai'). Values a
    person must still confirm: the caller keeps them flagged."""
    if not text:
        return text
    unique = _unique_spelling()
    spelled, _ = names()
    parts = re.split(r"([,;])", text)
    for i, part in enumerate(parts):
        printed_type, folded_type, name = _unit(part.strip())
        if not printed_type or not name:
            continue
        if _key(name) in spelled:
            # the name is right; a type word read with other marks ('HUỲỆN') is put right, and
            # the name takes its official capitals, which the misread type word cost it
            if printed_type.lower() in UNIT_TYPES or folded_type not in _TYPE_SPELLING:
                continue
            right = _spelling_by_key().get(_key(name), name)
        else:
            right = unique.get(vntext.fold_tight(name))
            parent = _parent_path(parts[i + 1:])
            if right is not None and parent is not None and vntext.fold_tight(right) not in _tree().get(parent, {}) \
                    and not _marks_lost(name, right):
                # the unit of that spelling lies elsewhere: this one is retired, and was read with
                # marks of its own ('Tam Thuận' of Thanh Khê); one that lost marks takes them back.
                # With no parent named (an issuing body) the one spelling is taken: measured, it
                # puts right more misreads than it misspells retired units
                continue
        if right is None:
            continue
        head = part[: part.rfind(name)]
        if printed_type.lower() not in UNIT_TYPES and folded_type in _TYPE_SPELLING:
            at = head.rfind(printed_type)
            head = head[:at] + _TYPE_SPELLING[folded_type] + head[at + len(printed_type):]
        parts[i] = head + right
    return "".join(parts)


# Provinces renamed since documents now in use were issued, their units found under either name:
# the dataset's list before July 2025 names Thừa Thiên Huế by its name of 2025, 'Huế'.
RENAMED_PROVINCES = {"Huế": "Thừa Thiên Huế"}


@lru_cache(maxsize=1)
def _tree() -> dict[tuple[str, ...], dict[str, set[str]]]:
    """Folded path of a unit (() for the country, (province,), (province, district)) -> the
    units under it, folded name -> their spellings. Before July 2025 a province holds districts
    and they communes; after it a province holds its communes directly: both are kept."""
    from vietnamadminunits.database import query

    tree: dict[tuple[str, ...], dict[str, set[str]]] = {}

    def add(path: tuple[str, ...], name: str | None) -> None:
        if name:
            tree.setdefault(path, {}).setdefault(vntext.fold_tight(name), set()).add(vntext.nfc(name))

    for r in query("SELECT provinceShort AS p, districtShort AS d, wardShort AS w FROM admin_units_legacy"):
        p, d = vntext.fold_tight(r["p"] or ""), vntext.fold_tight(r["d"] or "")
        add((), r["p"])
        add((p,), r["d"])
        add((p, d), r["w"])
    for r in query("SELECT provinceShort AS p, wardShort AS w FROM admin_units"):
        add((), r["p"])
        add((vntext.fold_tight(r["p"] or ""),), r["w"])
    for new, old in RENAMED_PROVINCES.items():
        now, before = vntext.fold_tight(new), vntext.fold_tight(old)
        for path in [p for p in tree if p[:1] == (now,)]:
            tree[(before, *path[1:])] = tree[path]
        add((), old)
    return tree



def _marks_lost(read: str, right: str) -> bool:
    """`read` is `right` with some of its marks lost and none changed ('Quynh Hưng', 'Quỳnh Hưng')."""
    a, b = vntext.nfc(read).casefold(), vntext.nfc(right).casefold()
    return len(a) == len(b) and all(
        x == y or set(unicodedata.normalize("NFD", x)) < set(unicodedata.normalize("NFD", y)) for x, y in zip(a, b))


def _under(part: str, path: tuple[str, ...]) -> tuple[str, set[str]] | None:
    """(the unit's name as the part prints it, the spellings of the units of that name under
    `path`), or None where the part names none there. A numbered unit's type is part of its
    name in the list ('Quận 1', 'Phường 7'): the whole part is tried too."""
    under = _tree().get(path, {})
    for name in (_unit(part.strip())[2], part.strip()):
        if vntext.fold_tight(name) in under:
            return name, under[vntext.fold_tight(name)]
    return None


def _parent_path(after: list[str]) -> tuple[str, ...] | None:
    """The folded path (province, district) the parts after a part of an address name, each
    found under the one after it; None where one names no unit there, or none follows."""
    path: tuple[str, ...] = ()
    for part in reversed([p for p in after if p.strip() and p not in ",;"]):
        found = _under(part, path)
        if found is None:
            return None
        path = (*path, vntext.fold_tight(found[0]))
    return path or None


def _walk_up(parts: list[str]):
    """(index, part, the path of the units after it, what the part names under them or None) for
    an address split at its commas with the commas kept, from the province down. The walk ends
    after the first part that names no unit under its parent, or at a commune."""
    path: tuple[str, ...] = ()
    for i in range(len(parts) - 1, -1, -2):
        if not parts[i].strip():
            continue
        found = _under(parts[i], path)
        yield i, parts[i], path, found
        if found is None:
            return
        path = (*path, vntext.fold_tight(found[0]))
        if len(path) == 3:
            return


def repair_under_parent(text: str | None) -> str | None:
    """The address with the marks of its units put right from the province down, where the
    parent leaves no doubt: 'Quyết Thăng, Biên Hòa, Đồng Nai' -> 'Quyết Thắng, ...' (the one
    commune of Biên Hòa that spells 'quyet thang'), 'Đồng Đa, Hà Nội' -> 'Đống Đa', 'Quân 1,
    Hồ Chí Minh' -> 'Quận 1'. Only marks change: a name one letter off may be a retired unit
    ('Cát Dài'), rightly printed. The walk stops at the first part that names no unit under its
    parent (a street, a retired unit) or names several alike."""
    if not text:
        return text
    parts = re.split(r"([,;])", text)
    for i, part, _, found in _walk_up(parts):
        if found is None:
            break
        cand, spellings = found
        if _key(cand) not in {_key(s) for s in spellings}:
            if len(spellings) != 1:
                break
            right = next(iter(spellings))
            at = part.rfind(cand)
            parts[i] = part[:at] + (right.upper() if cand.isupper() else right) + part[at + len(cand):]
    return "".join(parts)


# Letters a province's or district's name may be misread by and still be put right, by the
# length of its name without marks: a short name one letter off is another unit as often.
UNIT_LETTERS_OFF = ((8, 1), (99, 2))  # (folded letters under, letters off)
SHORTEST_REPAIRED_NAME = 4  # folded letters; 'Ba Vì' is a letter from too many names
# The type words (folded) a province's part may print, then a district's ('' for none)
_TYPES_ABOVE_COMMUNE = (("", "tinh", "thanh pho", "tp", "tp."),
                        ("", "quan", "huyen", "thi xa", "thanh pho", "q.", "h.", "tx.", "tp", "tp."))


@lru_cache(maxsize=1)
def _districts() -> dict[str, dict[str, set[str]]]:
    """Folded province -> folded district -> its spellings, from the list before July 2025."""
    from vietnamadminunits.database import query

    out: dict[str, dict[str, set[str]]] = {}
    for r in query("SELECT DISTINCT provinceShort AS p, districtShort AS d FROM admin_units_legacy"):
        if r["p"] and r["d"]:
            out.setdefault(vntext.fold_tight(r["p"]), {}).setdefault(vntext.fold_tight(r["d"]), set()).add(r["d"])
    for new, old in RENAMED_PROVINCES.items():
        out[vntext.fold_tight(old)] = out.get(vntext.fold_tight(new), {})
    return out


def _letters_off(name: str, path: tuple[str, ...], folded_type: str) -> str | None:
    """The one province (path ()) or district of the province `path` names whose name is a
    letter or two off `name` and nearer than any other; None where there is none or several."""
    key = vntext.fold_tight(name)
    if len(path) > 1 or folded_type not in _TYPES_ABOVE_COMMUNE[len(path)] or len(key) < SHORTEST_REPAIRED_NAME \
            or any(c.isdigit() for c in name) or fold_chars(name) in _TYPE_SPELLING \
            or _ABBREVIATION_BARE.match(name):  # 'Q Hai Bà Trưng': the type's period lost, not a letter
        return None
    under = _tree().get((), {}) if not path else _districts().get(path[0], {})
    if vntext.fold_tight(name.rsplit(" ", 1)[0]) in under:
        return None  # a unit and a speck after it ('Hà Nội Ộ'): the speck is cut, not the name respelt
    off = next(n for below, n in UNIT_LETTERS_OFF if len(key) < below)
    near = sorted((Levenshtein.distance(key, k, score_cutoff=off + 1), k) for k in under)
    if not near or near[0][0] > off or (len(near) > 1 and near[1][0] == near[0][0]):
        return None
    spellings = under[near[0][1]]
    return next(iter(spellings)) if len(spellings) == 1 else None


def repair_unit_letters(text: str | None) -> str | None:
    """An address whose province or district was misread by a letter or two put right, where its
    parent leaves one unit that near: 'Quận Thanh Khả, Thành phố Đà Nẵng' -> 'Thanh Khê', 'Quảng
    Nin' -> 'Quảng Ninh', 'huyện Krông Đắc, tỉnh Đắk Lắk' -> 'Krông Pắc'. Not a commune: many were
    retired by mergers, and one is often a letter from its neighbour ('Phú Dương', 'Phú
    Lương'); the lists hold every province and district in use since 2019 but numbered ones."""
    if not text:
        return text
    parts = re.split(r"([,;])", text)
    for _ in range(2):  # the province, then its district
        for i, part, path, found in _walk_up(parts):
            if found is not None:
                continue
            _, folded_type, name = _unit(part.strip())
            right = _letters_off(name, path, folded_type)
            if right is None:
                return "".join(parts)
            at = part.rfind(name)
            parts[i] = part[:at] + (right.upper() if name.isupper() else right) + part[at + len(name):]
            break
    return "".join(parts)


def repair_lost_comma(text: str | None) -> str | None:
    """'Nhơn Ái Phong Điền, Cần Thơ' -> 'Nhơn Ái, Phong Điền, Cần Thơ': walking up from the
    province, a part that names no unit under the one after it, whose words end in a unit there
    and open with a unit under that one: two parts whose comma OCR lost. Both must be listed
    under their parents, so a street's or a retired unit's name is left as it is."""
    if not text:
        return text
    parts = re.split(r"([,;])", text)
    for i, part, path, found in _walk_up(parts):
        if found is not None or not path:
            continue
        words = part.split()
        for k in range(1, len(words)):
            head, tail = " ".join(words[:k]), " ".join(words[k:])
            lower = _under(tail, path)
            if lower and _under(head, (*path, vntext.fold_tight(lower[0]))):
                parts[i] = part[:len(part) - len(part.lstrip())] + f"{head}, {tail}"
                return "".join(parts)
    return text


def unlisted_unit(text: str | None) -> str | None:
    """The name of the unit an address names under a parent that lists no unit so ('Tiên An,
    Bắc Ninh, Bắc Ninh'): a unit retired by a merger (older papers rightly print them, and the
    lists hold only their successors), or a listed one misread beyond its marks. None where
    every unit is listed, or the part is a street's, a village's or a house's."""
    for _, part, path, found in _walk_up(re.split(r"([,;])", text or "")):
        if found is None:
            name = unit_name(part)
            local = not name or name.lower().startswith(LOCAL_WORDS) or any(c.isdigit() for c in name)
            return name if path and not local else None
    return None


def paths_named(address: str | None) -> list[tuple[str, ...]]:
    """The folded paths an address names from its province down: 'Xóm Đông, xã Diễn Hải, huyện
    Diễn Châu, tỉnh Nghệ An' -> [('nghean',), ('nghean', 'dienchau'), ('nghean', 'dienchau',
    'dienhai')], as far as each part is a unit under the one after it."""
    return [(*path, vntext.fold_tight(found[0]))
            for _, _, path, found in _walk_up(re.split(r"([,;])", address or "")) if found is not None]


def repair_unit_by_places(body: str | None, paths: list[tuple[str, ...]]) -> str | None:
    """An issuing body's unit read with other marks, where no unit is spelt so and one unit of
    those letters lies under the districts and provinces the dossier's addresses
    name: the body of a dossier's paper is mostly its people's commune or district ('Cấm Thủy'
    is no unit; 'Cẩm Thủy' of Thanh Hóa, one of several spellings of those letters in the
    country, is the one in the dossier's province). A unit spelt as read anywhere is left alone:
    the body may lie elsewhere ('xã An Đồng' beside addresses in 'An Đông')."""
    printed_type, _, name = _unit(body or "")
    if not printed_type or not name or any(c.isdigit() for c in name):
        return body
    key, folded = _key(name), vntext.fold_tight(name)
    if key in names()[0]:
        return body
    spellings = {sp for path in set(paths) for sp in _tree().get(path, {}).get(folded, set())}
    if not spellings or key in {_key(sp) for sp in spellings} or len({_key(sp) for sp in spellings}) != 1:
        return body
    at = body.rfind(name)
    return body[:at] + next(iter(spellings)) + body[at + len(name):]


# 'phố' (a street) read with another mark before the street's name: no address says 'phổ'.
_STREET_MISREAD = re.compile(r"(?<![^\W\d_])([Pp])h[ôổồỗộ](?= [^\W\d_])")
# 'ấp' (a hamlet) read with another mark or none, opening a part of the address before its
# name or number ('Áp Tây', 'Âp 4'): no address word is spelt so.
_HAMLET_MISREAD = re.compile(r"(?:^|(?<=, ))([AaÂâ]p|[ÁáẬậẦầ]p|[ÁÀ]P|[ÂẬẦ]P)(?= (?:[^\W\d_]*[A-ZĐÀ-Ỹ]|\d))")


# A word before a number ('Tố 6', 'Sô 20', 'ngỏ 380'): only the local words stand there.
_WORD_BEFORE_NUMBER = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,5})(?= \d)")


# A unit's abbreviation after a word with no comma between ('P. Đại Phúc TP. Bắc Ninh', 'Phan
# Văn Trị P. 2'): a new part of the address, its comma lost. Wards and districts are numbered.
_ABBREVIATION_UNSEPARATED = re.compile(r"(?<=[^\W\d_]) (?=(?:TP|TX|TT|P|Q|H|X)\. ?[^\W\d_]|[PQ]\. ?\d{1,2}\b)")


# A unit's abbreviation glued to its number or name ('P.9', 'Q.Gò Vấp'), and a type word glued
# to its name ('QuậnBa Đình': no Vietnamese word has a capital inside it): OCR lost the space.
_ABBREVIATION_GLUED = re.compile(r"(?<![^\W_])(TP|TX|TT|P|Q|H|X)\.(?=[^\W_])")


def _split_at_capitals(text: str) -> str:
    return "".join(" " + c if i and c.isupper() and text[i - 1].islower() else c for i, c in enumerate(text))


# A unit type glued to its number ('Phường12'), and a numbered unit with no comma before the
# next part ('Phường 12 Gò Vấp': a unit's name ends at its number).
_TYPE_GLUED_NUMBER = re.compile(r"(?<![^\W_])(phường|quận)(?=\d)", re.IGNORECASE)
_NUMBERED_UNIT_UNSEPARATED = re.compile(r"(?<![^\W_])((?:phường|quận)\s\d{1,2}) (?=[^\W\d_])", re.IGNORECASE)


# A unit's type word opening its name after another part's last word with no comma between
# ('Huyện Gia Lâm Thành phố Hà Nội', 'phường Hải Châu quận Hải Châu'): in an address that
# separates its other parts with commas, that one was lost. ('Tỉnh lộ 10' is a road: its next
# word is lower case; 'thị xã' is one type.)
_TYPE_UNSEPARATED = re.compile(r"(?<=[^\W\d_])(?<!\bthị)(?<!\bThị) (?=(?:Thành phố|Thị trấn|Thị xã|Đặc khu|Phường|Xã|Quận|Huyện|Tỉnh|"
                               r"thành phố|thị trấn|thị xã|đặc khu|phường|xã|quận|huyện|tỉnh) (?:[A-ZĐÀ-Ỹ]|\d))")


# 'TP' glued to the city's name ('TPHồ Chí Minh'): a capital then a lower-case letter follow it.
_TP_GLUED = re.compile(r"(?<![^\W_])TP(?=([^\W\d_])([^\W\d_]))")
# A unit other than the city abbreviated with its period ('P. 14', 'Q. Gò Vấp'): the address's style.
DOTTED_UNIT = re.compile(r"(?<![^\W_])(?:P|Q|H|X|TX|TT)\.\s*[^\W_]")


def _tp_spaced(text: str) -> str:
    """'TPHồ Chí Minh' -> 'TP. Hồ Chí Minh' beside other units abbreviated with periods, else 'TP Hồ Chí Minh'."""
    dotted = DOTTED_UNIT.search(text)
    return _TP_GLUED.sub(lambda m: ("TP. " if dotted else "TP ") if m.group(1).isupper() and m.group(2).islower()
                         else m.group(0), text)


def repair_part_comma(text: str | None) -> str | None:
    """'P. Đại Phúc TP. Bắc Ninh' -> 'P. Đại Phúc, TP. Bắc Ninh', 'P.9' -> 'P. 9', 'QuậnBa Đình'
    -> 'Quận Ba Đình', 'Phường12 Gò Vấp' -> 'Phường 12, Gò Vấp', 'Huyện Gia Lâm Thành phố Hà
    Nội' -> 'Huyện Gia Lâm, Thành phố Hà Nội' (where its other parts have their commas): in an
    address (a hospital's name may hold 'TP.': 'Bệnh viện Đa khoa TP. Vinh')."""
    if not text:
        return text
    text = _split_at_capitals(_ABBREVIATION_GLUED.sub(r"\1. ", _tp_spaced(text)))
    text = _NUMBERED_UNIT_UNSEPARATED.sub(r"\1, ", _TYPE_GLUED_NUMBER.sub(r"\1 ", text))
    if "," in text:  # not after a local word: 'phố Xã Đàn' is a street's name
        text = _TYPE_UNSEPARATED.sub(lambda m: m.group(0) if text[:m.start()].rsplit(" ", 1)[-1].lower() in LOCAL_WORDS
                                     else ", ", text)
    return _ABBREVIATION_UNSEPARATED.sub(", ", text)


def repair_street_word(text: str | None) -> str | None:
    """'phổ Nguyễn Du' is 'phố Nguyễn Du': the word before a street's name (capitalised) read
    with another mark. A word of a name ('Phô' alone) is left alone. Likewise 'Tố 6' is 'Tổ 6'
    and 'Sô 20' 'Số 20': no name stands before a number in an address, only its local words;
    and 'Tổ dần phố' 'Tổ dân phố' (_ADDRESS_PHRASES)."""
    if not text:
        return text
    text = _STREET_MISREAD.sub(lambda m: m.group(1) + "hố" if text[m.end() + 1:m.end() + 2].isupper() else m.group(0), text)
    text = _HAMLET_MISREAD.sub(lambda m: "ẤP" if m.group(1).isupper() else "Ấp" if m.group(1)[0].isupper() else "ấp", text)

    def local(m: re.Match) -> str:
        word = m.group(1)
        right = _LOCAL_BEFORE_NUMBER.get(fold_chars(word))
        return word if right is None or word.lower() == right else vntext.cased_like(right, word)

    def phrase(m: re.Match) -> str:
        right = _ADDRESS_PHRASES.get(" ".join(fold_chars(w) for w in m.group(0).split()))
        return m.group(0) if right is None else " ".join(
            vntext.cased_like(r, w) for r, w in zip(right.split(), m.group(0).split()))
    return _ADDRESS_PHRASE.sub(phrase, _WORD_BEFORE_NUMBER.sub(local, text))


# Phrases addresses print, by their folded words: read with other marks ('Tổ dần phố') they are
# put back, as the local words before a number are.
_ADDRESS_PHRASES = {"to dan pho": "tổ dân phố", "khu dan cu": "khu dân cư", "khu tap the": "khu tập thể"}
_ADDRESS_PHRASE = re.compile(r"(?<![^\W_])(?:" + "|".join(
    r"\s+".join(rf"[^\W\d_]{{{len(w)}}}" for w in k.split()) for k in _ADDRESS_PHRASES) + r")(?![^\W_])")


# The unit type words and their abbreviations as they fold ('Thành phố', 'TP.', 'Q.').
TYPE_WORDS = r"thanh pho|thi tran|thi xa|dac khu|phuong|xa|quan|huyen|tinh|tp\.?|tx\.|tt\.|q\.|h\.|p\.|x\."
_TYPE_OPENS = re.compile(rf"^\s*(?:{TYPE_WORDS})\s+")  # a part's type word, folded
_TYPE_AT = re.compile(rf"(?:^|\s)({TYPE_WORDS})\s*(?=\S)")


_MISREAD_OK = {"phuong", "huyen", "tinh", "thi tran", "thi xa", "thanh pho"}
# Words printed before a number in the part of an address below the commune, by their folded
# form: read with other marks there they are misreads, since no name stands before a number.
_LOCAL_BEFORE_NUMBER = {"so": "số", "to": "tổ", "ngo": "ngõ", "ngach": "ngách", "hem": "hẻm",
                        "khoi": "khối", "doi": "đội", "lo": "lô", "can": "căn",
                        "te": "tổ"}  # 'Tế 30': its ô read as ê, as in 'Chủ hệ'; no 'tế' stands before a number


# The words printed in lower case before a number in an address: the local words, the unit
# types, floors and rooms, a road's 'lộ', and the month of a street named for a date ('đường 3
# tháng 2'). Another lower-case word there is a misread one ('hỏm 360' for 'hẻm 360').
_LOWER_BEFORE_NUMBER = frozenset(w for w in LOCAL_WORDS + UNIT_TYPES if " " not in w) | {
    "tầng", "lầu", "phòng", "lộ", "tháng", "km", "dãy", "ô"}


@lru_cache(maxsize=1)
def _district_types() -> dict[str, str]:
    """A district's exact name -> its type ('Cẩm Phả' -> 'thành phố'), for names that carry
    one type wherever they are ('Châu Thành' is a huyện in every province that has one)."""
    from vietnamadminunits.database import query

    types: dict[str, set[str]] = {}
    for r in query("SELECT DISTINCT districtShort AS n, districtType AS t FROM admin_units_legacy"):
        if r["n"] and r["t"]:
            types.setdefault(_key(r["n"]), set()).add(r["t"].lower())
    return {k: next(iter(v)) for k, v in types.items() if len(v) == 1}


def district_name_at_end(text: str) -> int:
    """How many words at the end of `text` spell a district's exact name of one type, or 0."""
    words = text.split()
    for n in range(min(4, len(words)), 0, -1):
        if _key(" ".join(words[-n:])) in _district_types():
            return n
    return 0


_NUMBERED_AT_END = re.compile(r"(?<!\S)(\S+)( \d{1,2})$")  # 'quận 4', 'phường 12'
TYPE_PLACE_WORDS = 2  # words a type misread under a seal may take ('thành phố', 'zz mđyện')
SPECK_LETTERS = 2  # a 'word' this short before a district's name is what a seal left of its type ('đ', 'vn')


def repair_unit_type(text: str | None) -> str | None:
    """An issuing body's unit whose type word is lost under a seal ('Ủy ban nhân dân anrh*ehố
    Cẩm Phả', '... nhân dân Cẩm Phả'): the district's exact name gives its type, the word in
    its place is replaced (or the type put in). A real type word before the name is kept, its
    marks put back where they were lost ('THANH PHO THANH HOA'), and its kind left as it is
    ('xã Tân Phú' is a commune, though Tân Phú is also a district)."""
    if not text:
        return text
    text = _split_at_capitals(text)  # 'quậnNinh Kiều': the space lost
    numbered = _NUMBERED_AT_END.search(text)
    spelt = _TYPE_SPELLING.get(fold_chars(numbered.group(1))) if numbered else None
    if spelt:  # a numbered unit ('QUẦN 4': its type's marks misread)
        return text if numbered.group(1).lower() == spelt else text[:numbered.start()] + spelt + numbered.group(2)
    n = district_name_at_end(text)
    words = text.split()
    if not n or len(words) <= n:
        return text
    if fold_chars(words[-n]).strip(".,:;") in _TYPE_SPELLING:
        return text  # a numbered unit names its type itself ('quận 3', the district 'Quận 3')
    before = fold_chars(words[-n - 1]).strip(".,:;")
    two = fold_chars(" ".join(words[max(0, len(words) - n - 2):-n])).strip(".,:;")  # 'thành phố'
    if words[-n - 1].lower().strip(".,:;") in UNIT_TYPES:
        return text
    for size, folded in ((2, two), (1, before)):
        if folded in _TYPE_SPELLING:  # a real type word, its marks lost under the seal ('THANH PHO'): spelt
            typed = " ".join(words[-n - size:-n]).lower().strip(".,:;")
            return text if typed == _TYPE_SPELLING[folded] else \
                " ".join([*words[:-n - size], _TYPE_SPELLING[folded], *words[-n:]])
    name = " ".join(words[-n:])
    kind = _district_types()[_key(name)]
    at_dan = max((i for i, w in enumerate(words[:-n]) if fold_chars(w).strip(".,:;") == "dan"), default=None)
    between = 0 if at_dan is None else len(words) - n - 1 - at_dan  # words between 'dân' and the name
    if before == "dan":  # 'nhân dân' ends the body's name: the type is missing
        head = words[:-n]
    elif 0 < between <= TYPE_PLACE_WORDS and not any(
            fold_chars(w).strip(".,:;") in _TYPE_SPELLING or w.lower().strip(",:;") in UNIT_TYPES
            for w in words[-n - between:-n]):  # 'phường Hiệp Bình Chánh': a commune named after more
        # between 'nhân dân' and a district's name only its type is printed: what stands there
        # is the type misread ('truyện', 'nận', 'zz mđyện'), whatever word it reads as
        head = words[:-n - between]
    elif not words[-n - 1].isalpha() or len(words[-n - 1]) <= SPECK_LETTERS or \
            fold_chars(kind).replace(" ", "").endswith(before) or fuzz.ratio(before, fold_chars(kind).replace(" ", "")) >= 75:
        # specks where the type word was ('anrh*ehố', 'đ', 'vn'), its end ('ận'), or it misread ('qiận')
        head = words[:-n - 1]
    else:  # a real word: not ours to replace
        return text
    return " ".join([*head, kind, _spelling_by_key().get(_key(name), name)])


COMMITTEE = "Ủy ban nhân dân"
# Points of similarity at which the words before an issuing body's unit are 'Ủy ban nhân dân'
# misread under a seal ('Ủy bar.riirân dân' 69, 'Ủy⁄øạn nhân tiện' 72, 'T ng ï - ạn nhân dân' 86);
# the other bodies ('Công an', 'Sở Tư pháp', 'Văn phòng đăng ký đất đai') score under 50.
COMMITTEE_READ_SCORE = 65


def repair_committee(text: str | None) -> str | None:
    """An issuing body whose words before its unit's type are 'Ủy ban nhân dân' misread, or
    with specks before them ('Hn tl ờn ủy ban nhân dân xã Phú Dương'): the name put back."""
    if not text:
        return text
    m = _TYPE_PRINTED.search(text)
    head = text[:m.start()].split() if m else []
    if not head or " ".join(head) == COMMITTEE:
        return text
    target = vntext.fold_tight(COMMITTEE)
    score = max(fuzz.ratio(vntext.fold_tight(" ".join(head[i:])), target) for i in range(len(head)))
    return f"{COMMITTEE} {text[m.start():]}" if score >= COMMITTEE_READ_SCORE else text


def fold_chars(s: str) -> str:
    """Lower case without marks, one character for one: positions stay those of `s`."""
    out = []
    for c in s:
        base = unicodedata.normalize("NFD", c)[0].lower()
        out.append("d" if base in "đð" else base)
    return "".join(out)


def _unit(part: str) -> tuple[str, str, str]:
    """(unit type as printed, its folded form, the name after it), or ("", "", part)."""
    folded = fold_chars(part)
    m = None
    last = None
    spelled, _ = names()
    for m in _TYPE_AT.finditer(folded):
        printed = part[m.start(1):m.end(1)]
        # a misread type word counts only where it cannot be a word of a name ('Quán', 'Xá'),
        # or where a unit's exact name follows it ('quân Ninh Kiều' is no street)
        if printed.lower() in UNIT_TYPES or m.group(1) in _MISREAD_OK or \
                _key(part[m.end():].strip(" .")) in spelled:
            last = m  # the last type word names the unit: 'Ủy ban nhân dân phường X'
    if last is None:
        return "", "", part
    return part[last.start(1):last.end(1)], last.group(1), part[last.end():].strip(" .")


def opens_unit(part: str) -> bool:
    """A part of an address that opens with its unit's type word ('Xã Hải Anh', 'P. Cái Khế')."""
    part = part.strip()
    printed, _, name = _unit(part)
    return bool(printed and name) and part[:part.rfind(name)].strip(" .").lower() == printed.lower().strip(" .")


def unit_name(part: str) -> str:
    """A part of an address without its unit type word: 'P. Cái Khế', 'Phường Cái Khế' -> 'Cái Khế'."""
    return _unit(part.strip())[2]


# A unit type word as printed (exact marks: names fold like type words, 'Tĩnh Gia', 'Quán Thánh').
_TYPE_PRINTED = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, UNIT_TYPES))})(?![^\W\d_])",
                           re.IGNORECASE)


def unit_unnamed(part: str) -> bool:
    """A part of an address whose unit type word has no name: another type word follows it at
    once ('quận thành phố Hồ Chí Minh', the district's number lost) or it stands alone. A name
    that begins with a type word is a name ('phường Phường Đúc'); 'thành phố', 'thị xã' are one."""
    found = list(_TYPE_PRINTED.finditer(part))
    if found and not re.search(r"\w", _TYPE_PRINTED.sub("", part)):
        return True
    return any(not part[a.end():b.start()].strip() and not is_unit_name(part[a.end():].strip(" ."))
               for a, b in zip(found, found[1:]))


# A part opened by a capital abbreviation with its period ('TP.', 'TL.'), and a name's number.
_ABBREVIATION_OPENS = re.compile(r"^([A-ZĐ]{1,3}\.)\s*[^\W\d_]")
_NUMBERED = re.compile(r"(?<=[^\W\d_]) \d{1,2}$")


# Type words only a district carries; after 2019 few districts were retired and those by
# number ('Quận 2', 'Quận 9'), so a district's name in no list of 2024 is a misread.
_DISTRICT_ONLY = re.compile(r"(?<![^\W\d_])(?:quận|huyện|q\.|h\.)\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _district_keys() -> frozenset[str]:
    return frozenset(_key(n) for n in _column("districtShort", "admin_units_legacy"))


def district_unknown(part: str) -> bool:
    """A district named in no list: 'Quận Lễ Thành phố Hải Phòng', where a misread and a lost
    comma hid 'Lê Chân' behind the province that the part ends in."""
    for m in _DISTRICT_ONLY.finditer(part):
        rest = part[m.end():]
        nxt = _TYPE_PRINTED.search(rest)
        name = (rest[:nxt.start()] if nxt else rest).strip(" .")
        if name and not any(c.isdigit() for c in name) and _key(name) not in _district_keys():
            return True
    return False


_TYPE_BY_FOLD = {k: v for k, v in _TYPE_SPELLING.items() if " " in k}  # the two-word types, by their folded words


def _type_misread_before_unit(part: str) -> str | None:
    """The two-word unit type that a part's two first words are one letter off ('thành phế' for
    'thành phố'), before a unit's exact name ('Châu Đốc'): the type misread with another
    letter, which the folded type words do not catch. None where they are not."""
    words = part.split()
    if len(words) < 3 or not is_unit_name(" ".join(words[2:])):
        return None
    pair = vntext.fold(" ".join(words[:2]))
    near = [t for t in _TYPE_BY_FOLD if Levenshtein.distance(pair, t) == 1]
    return _TYPE_BY_FOLD[near[0]] if pair not in _TYPE_BY_FOLD and len(near) == 1 else None


def _named_unit(part: str) -> bool:
    """A part that is a unit's type and its exact name ('thành phố Hồ Chí Minh')."""
    printed, _, name = _unit(part)
    return bool(printed and name) and (_key(name) in names()[0] or _key(name) in _province_keys())


def _each_part(text: str, fix) -> str:
    """The address with each part between its commas replaced by `fix(part)` (the part's words,
    stripped), where that gives one; separators and the space before a part kept."""
    parts = re.split(r"([,;])", text)
    for i, part in enumerate(parts):
        fixed = fix(part.strip())
        if fixed is not None:
            parts[i] = part[: len(part) - len(part.lstrip())] + fixed
    return "".join(parts)


def _without_stray_word(part: str) -> str | None:
    """The part without a word of one or two letters, where it is then a unit's type and exact
    name and was not before; not the name's last word ('Hải Châu II')."""
    words = part.split()
    if len(words) < 3 or _named_unit(part):
        return None
    for j, w in enumerate(words[:-1]):
        if len(w) <= 2 and w.isalpha() and _named_unit(" ".join(words[:j] + words[j + 1:])):
            return " ".join(words[:j] + words[j + 1:])
    return None


def drop_stray_word(text: str | None) -> str | None:
    """A word of one or two letters read from a speck inside a unit's type or name ('thành Uy
    phố Hồ Chí Minh'): taken out where the part is then a unit's type and exact name."""
    return _each_part(text, _without_stray_word) if text else text


def _type_put_back(part: str) -> str | None:
    right = _type_misread_before_unit(part)
    if not right:
        return None
    words = part.split()
    return " ".join([right.capitalize() if words[0][:1].isupper() else right, *words[2:]])


def repair_type_misread(text: str | None) -> str | None:
    """'Phường Núi Sam, thành phế Châu Đốc' -> 'Phường Núi Sam, thành phố Châu Đốc' (see
    _type_misread_before_unit), in the case the part was read in."""
    return _each_part(text, _type_put_back) if text else text


def check_place(text: str | None) -> list[str]:
    """Reasons for an address or an authority's name: `admin_unit_misspelled` where a part names
    a unit that exists only with other marks, or whose type word is misread ('phương' for
    'phường'). Streets, villages and house numbers are not checked."""
    if not text:
        return []
    spelled, by_fold = names()
    reasons: set[str] = set()
    parts = [vntext.nfc(p).strip() for p in re.split(r"[,;]", text)]
    for at, part in enumerate(parts):
        if unit_unnamed(part):
            reasons.add("address_unit_unnamed")
        if _key(part) in spelled:
            continue
        if district_unknown(part):
            reasons.add("admin_unit_unknown")
        printed_type, folded_type, name = _unit(part)
        if printed_type and printed_type.lower() not in UNIT_TYPES:
            reasons.add("admin_unit_misspelled")
        first, _, rest = part.partition(" ")
        if rest[:1].isdigit() and fold_chars(first) in _LOCAL_BEFORE_NUMBER and \
                first.lower() not in _LOCAL_BEFORE_NUMBER.values():
            reasons.add("address_word_misread")  # 'Sô 20', 'Tô 16': 'Số', 'Tổ' before their number
        if at == 0 and rest[:1].isdigit() and first[:1].isalpha() and first.lower() not in _LOWER_BEFORE_NUMBER:
            reasons.add("address_word_misread")  # 'Sẽ 46/16': the word that opens an address on its number is one of these
        if any(w.islower() and w not in _LOWER_BEFORE_NUMBER for w in _WORD_BEFORE_NUMBER.findall(part)):
            reasons.add("address_word_misread")  # 'Số 16 hỏm 360': no such word numbers a lane
        opened = _ABBREVIATION_OPENS.match(part)
        if not printed_type and opened and opened.group(1).lower() not in UNIT_TYPES:
            reasons.add("admin_unit_misspelled")  # 'TL. Trảng Bom': a unit's abbreviation misread ('TT.')
        if _type_misread_before_unit(part):
            reasons.add("admin_unit_misspelled")  # 'thành phế Châu Đốc'
        if at == len(parts) - 1 and _provinces_opened_by(name):
            reasons.add("admin_unit_unknown")  # '…, tỉnh Bắc': a province cut at the line's end
        low = name.lower()
        # a name may end in its number ('Hố Nai 3'); other digits are a house's or a street's
        if not name or any(c.isdigit() for c in _NUMBERED.sub("", name)) or low.startswith(LOCAL_WORDS):
            continue
        if _key(name) in spelled:
            continue
        # A name found in no spelling at all is not flagged for that alone: mergers since 2019
        # retired many units that older documents rightly carry ('phường Cầu Dền'), and the
        # dataset lists only the units of 2025. One letter off a unit that exists, it is a misread.
        folded = vntext.fold_tight(name)
        if folded in by_fold:
            reasons.add("admin_unit_misspelled")
        elif len(folded) >= NEAR_MISS_LETTERS and process.extractOne(
                folded, _units_in(_province_of(text)) + tuple(_units_by_province()), scorer=Levenshtein.distance,
                score_cutoff=1) is not None:
            # 'Phường Hải Châu H', 'Phường Đông Khá' under their province; 'thành phố Cần Thư' (a
            # province itself misread: no unit under it is known then)
            reasons.add("admin_unit_unknown")
    return sorted(reasons)


def _name_key(part: str) -> str:
    """The folded name of the unit a part of an address names, its type left off."""
    return vntext.fold_tight(_unit(vntext.nfc(part).strip())[2])


def same_unit_name(a: str, b: str) -> bool:
    """Two typed units ('quận An Dương', 'huyện An Dương') name the same place name."""
    return _name_key(a) == _name_key(b)


def district_of(address: str) -> str | None:
    """The district part of a typed address that ends in its province ('phường Mỹ An, quận Ngũ
    Hành Sơn, thành phố Đà Nẵng' -> 'quận Ngũ Hành Sơn'), its type in lower case and spelt out;
    None where the part before the province names no district by its type."""
    parts = [p.strip() for p in re.split(r"[,;]", vntext.nfc(address)) if p.strip()]
    if len(parts) < 3:
        return None
    printed, folded, name = _unit(parts[-2])
    kind = _TYPE_SPELT_OUT.get(printed.lower(), _TYPE_SPELLING.get(folded, ""))
    if kind not in ("quận", "huyện", "thị xã", "thành phố") or not name:
        return None
    return f"{kind} {_spelling_by_key().get(_key(name), name)}"


# The abbreviations of the unit types, for comparing a type as two papers print it.
_TYPE_SPELT_OUT = {"tp.": "thành phố", "tp": "thành phố", "tx.": "thị xã", "tt.": "thị trấn", "q.": "quận",
                   "h.": "huyện", "p.": "phường", "x.": "xã"}


def _type_of(printed: str) -> str:
    low = vntext.nfc(printed).lower()
    return _TYPE_SPELT_OUT.get(low, low)


def authority_type_differs(authority: str | None, places: list[str]) -> bool:
    """The issuing body's unit named in an address of the same paper with a longer type, of
    which it kept the last word: 'Ủy ban nhân dân xã Hương Thủy' on the certificate of land in
    'thị xã Hương Thủy', the seal's 'THỊ' read as a speck. The name alone cannot tell (a 'xã
    Hương Thủy' exists, in another province)."""
    printed, _, name = _unit(vntext.nfc(authority or "").strip())
    if not printed or not name:
        return False
    key = vntext.fold_tight(name)
    if key.isdigit():
        return False  # 'quận 3' and 'phường 3' are no one unit
    types = {_type_of(t) for place in places for t, _, n in (_unit(vntext.nfc(p).strip()) for p in re.split(r"[,;]", place))
             if t and vntext.fold_tight(n) == key}
    # only a two-word type that lost its first word: a town and its district share their
    # names often ('thị trấn Long Thành', 'huyện Long Thành'), both rightly
    own = _type_of(printed)
    return own not in types and any(t.endswith(" " + own) for t in types)


NEAR_MISS_LETTERS = 6  # shorter names lie one letter from too many others to tell a misread


def _province_of(text: str) -> str:
    """The folded name of the province the address ends in, or ''."""
    last = re.split(r"[,;]", text)[-1]
    return _name_key(last)


def _units_in(province: str) -> tuple[str, ...]:
    """Folded names of the districts and communes of one province, before and after July 2025:
    a name one letter off one of them is that unit misread. A retired unit ('phường Cát Dài')
    is rarely one letter off a unit of its own province, as it is off some unit of the country."""
    return _units_by_province().get(province, ())


@lru_cache(maxsize=1)
def _units_by_province() -> dict[str, tuple[str, ...]]:
    """Folded province -> the folded names of every unit under it, at any depth (the tree's)."""
    found: dict[str, set[str]] = {}
    for path, units in _tree().items():
        if path and path[0]:
            found.setdefault(path[0], set()).update(units)
    return {p: tuple(sorted(n)) for p, n in found.items()}
