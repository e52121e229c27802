"""Validators: each returns a list of reasons (snake_case strings); an empty list means fine.

Values are checked in the record contract's formats (RECORDS.md "Value formats"), i.e. after
extraction normalised them. Rules come from DOMAIN.md §3 (dossier code) and §4 (personal id).
A reason flags a value for review; none of these functions rejects or rewrites a value, and
none raises on bad input.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from . import vntext
from . import vocab
from .adminunits import authority_type_differs, check_place

# Reasons. Soft ones (old_cmnd, date_year_only) mean "look at it", not "wrong".
ID_NOT_12_DIGITS = "id_not_12_digits"
OLD_CMND = "old_cmnd"
ID_UNKNOWN_PLACE_CODE = "id_unknown_place_code"
ID_SEX_DIGIT_MISMATCH = "id_sex_digit_mismatch"
ID_CENTURY_MISMATCH = "id_century_mismatch"
ID_BIRTH_YEAR_MISMATCH = "id_birth_year_mismatch"
DATE_INVALID = "date_invalid"
DATE_YEAR_ONLY = "date_year_only"
DATE_IN_FUTURE = "date_in_future"
DATE_IMPLAUSIBLE = "date_implausible"
DATE_BEFORE_BIRTH = "date_before_birth"
APPOINTMENT_BEFORE_RECEIVED = "appointment_before_received"
APPOINTMENT_TOO_LATE = "appointment_too_late"
AFTER_DOSSIER_RECEIVED = "after_dossier_received"
EXPIRY_NOT_MILESTONE = "expiry_not_milestone"
PHONE_INVALID = "phone_invalid"
SEX_INVALID = "sex_invalid"
AREA_INVALID = "area_invalid"
DOSSIER_CODE_INVALID = "dossier_code_invalid"
DOSSIER_CODE_MISMATCH = "dossier_code_mismatch"
DOSSIER_CODE_DATE_MISMATCH = "dossier_code_date_mismatch"
AUTHORITY_TYPE_DIFFERS = "authority_type_differs"

# DOMAIN §4: place of birth registration, "0" + the pre-2025 statistics-office province code.
PLACE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

SEXES = ("Nam", "Nữ")
_EARLIEST_YEAR = 1900  # nobody living on these papers was born, registered or issued earlier


# --------------------------------------------------------------------------- helpers

def _today(today: date | str | None) -> date:
    if isinstance(today, str):
        return date.fromisoformat(today)
    return today or date.today()


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_ONLY = re.compile(r"\d{4}")


def _span(value: str | None) -> tuple[date, date] | None:
    """First and last day a value can mean: an ISO date is one day, a bare year (printed where
    only the year is known, e.g. some deaths) is the whole year. None if neither."""
    v = (value or "").strip()
    try:
        if _ISO.fullmatch(v):
            d = date.fromisoformat(v)
            return d, d
        if _YEAR_ONLY.fullmatch(v) and int(v) >= 1:
            return date(int(v), 1, 1), date(int(v), 12, 31)
    except ValueError:
        pass
    return None


# --------------------------------------------------------------------------- personal id

def id_century_sex_decode(value: str) -> tuple[int, str]:
    """(first year of the birth century, sex) from digit G of a 12-digit personal id:
    0/1 = 1900s, 2/3 = 2000s, … 8/9 = 2300s; even = Nam, odd = Nữ. ValueError if not 12 digits."""
    v = (value or "").strip()
    if not re.fullmatch(r"[0-9]{12}", v):
        raise ValueError("not a 12-digit personal id")
    g = int(v[3])
    return 1900 + 100 * (g // 2), ("Nam" if g % 2 == 0 else "Nữ")


def check_personal_id(value: str | None, date_of_birth: str | None = None,
                      sex: str | None = None) -> list[str]:
    """Shape (12 digits; 9 = old CMND, soft), place code, and G/YY against the document's sex
    and birth date (ISO or a bare year). There is no check digit, so a well-formed id can still
    be misread: the cross-checks are what catch that."""
    v = (value or "").strip()
    if re.fullmatch(r"[0-9]{9}", v):
        return [OLD_CMND]  # no place, century or birth data to check in a CMND
    if not re.fullmatch(r"[0-9]{12}", v):
        return [ID_NOT_12_DIGITS]
    reasons = []
    if v[:3] not in PLACE_CODES:  # may be a country code for a birth abroad (U): flag only
        reasons.append(ID_UNKNOWN_PLACE_CODE)
    century, id_sex = id_century_sex_decode(v)
    doc_sex = vntext.parse_sex(sex) if sex else None
    if doc_sex and doc_sex != id_sex:
        reasons.append(ID_SEX_DIGIT_MISMATCH)
    birth = _span(date_of_birth)
    if birth:
        year = birth[0].year
        if not century <= year < century + 100:
            reasons.append(ID_CENTURY_MISMATCH)
        if year % 100 != int(v[4:6]):
            reasons.append(ID_BIRTH_YEAR_MISMATCH)
    return reasons


# --------------------------------------------------------------------------- dates

# Years after today that a date may lie, at most: the longest a card runs from its issue (a
# Căn cước issued at 38 is valid to 60: 22 years; a CMND 15); appointments come within weeks.
YEARS_AHEAD_AT_MOST = 25


def check_date(value: str | None, today: date | str | None = None, past_only: bool = True,
               allow_indefinite: bool = False) -> list[str]:
    """ISO date that exists, not before 1900 and (past_only) not after today. A bare year is
    accepted with the soft reason date_year_only; `indefinite` only where allow_indefinite."""
    v = (value or "").strip()
    if v == vntext.INDEFINITE:
        return [] if allow_indefinite else [DATE_INVALID]
    span = _span(v)
    if span is None:
        return [DATE_INVALID]
    reasons = [DATE_YEAR_ONLY] if span[0] != span[1] else []
    if span[0].year < _EARLIEST_YEAR:
        reasons.append(DATE_IMPLAUSIBLE)
    if past_only and span[0] > _today(today):
        reasons.append(DATE_IN_FUTURE)
    elif span[0].year > _today(today).year + YEARS_AHEAD_AT_MOST:
        reasons.append(DATE_IMPLAUSIBLE)  # '2439' for '2039': its pair misread alike passes the milestone check
    return reasons


def check_order(earlier_iso: str | None, later_iso: str | None, reason: str) -> list[str]:
    """[reason] when `earlier` is surely after `later` (equal is fine; a bare year counts as
    its whole year). Unreadable or missing values are not an ordering problem: []."""
    a, b = _span(earlier_iso), _span(later_iso)
    return [reason] if a and b and a[0] > b[1] else []


# A paper of a dossier exists when the dossier is received, or is its result, issued within the
# procedure's time (days to weeks: 30 days for a first land certificate): a date this long after
# the reception is misread, mostly its year ('2025' for '2023'), which no other check catches.
RESULT_WITHIN_DAYS = 120


# The longest time limit of the procedures a one-stop counter receives is 30 working days (a
# first land certificate): about 45 calendar days with weekends and a holiday. A receipt's
# appointment read farther from its reception has one of its two dates misread (a month's digit:
# '06' for '05'); both are flagged.
APPOINTMENT_WITHIN_DAYS = 45


def appointment_too_late(received_iso: str | None, appointment_iso: str | None) -> bool:
    """Whether the appointment lies more than APPOINTMENT_WITHIN_DAYS after the reception."""
    r, a = _span(received_iso), _span(appointment_iso)
    return bool(r and a and r[0] == r[1] and a[0] == a[1] and (a[0] - r[0]).days > APPOINTMENT_WITHIN_DAYS)


def check_by_reception(key: str, value: str | None, received_iso: str | None) -> list[str]:
    """[AFTER_DOSSIER_RECEIVED] for a date surely later than the dossier's reception allows:
    RESULT_WITHIN_DAYS after it for a paper that may be the procedure's result, none for the
    date a declaration is signed on (SIGNED_BY_RECEPTION)."""
    within_days = 0 if key in SIGNED_BY_RECEPTION else RESULT_WITHIN_DAYS
    a, r = _span(value), _span(received_iso)
    return [AFTER_DOSSIER_RECEIVED] if a and r and a[0] > r[1] + timedelta(days=within_days) else []


# --------------------------------------------------------------------------- other kinds

_MOBILE = re.compile(r"0[35789][0-9]{8}")
_LANDLINE = re.compile(r"02[0-9]{9}")


def check_phone(value: str | None) -> list[str]:
    """Mobile: 10 digits 03/05/07/08/09…; landline: 11 digits 02x…."""
    v = (value or "").strip()
    return [] if _MOBILE.fullmatch(v) or _LANDLINE.fullmatch(v) else [PHONE_INVALID]


def check_sex(value: str | None) -> list[str]:
    return [] if vntext.nfc((value or "").strip()) in SEXES else [SEX_INVALID]


def check_area(value: str | None) -> list[str]:
    """A positive decimal number with a point, no unit (`125.5`)."""
    v = (value or "").strip()
    return [] if re.fullmatch(r"[0-9]+(\.[0-9]+)?", v) and float(v) > 0 else [AREA_INVALID]


def check_dossier_code(code: str | None, dossier_id: str | None = None,
                       received_date: str | None = None) -> list[str]:
    """Well-formed with a real date; equal to the dossier's name when that name is a code
    (clerks name folders by it); its YYMMDD equal to the receipt's received date."""
    if not vntext.is_dossier_code(code):
        return [DOSSIER_CODE_INVALID]
    reasons = []
    if vntext.is_dossier_code(dossier_id) and code.strip().upper() != dossier_id.strip().upper():
        reasons.append(DOSSIER_CODE_MISMATCH)
    received = _span(received_date)
    if received and received[0] == received[1] and \
            vntext.dossier_code_date(code) != received[0].isoformat():
        reasons.append(DOSSIER_CODE_DATE_MISMATCH)
    return reasons


# --------------------------------------------------------------------------- per document

def field_kind(key: str) -> str:
    """A field's value kind from its key, as RECORDS.md "Value formats" defines it (kind names
    as in doctypes.base): date, personal_id, sex, area, phone, dossier_code, or text."""
    if "date" in key:  # every *date* field incl. date_of_death, expiry_date
        return "date"
    if key.endswith("personal_id"):
        return "personal_id"
    if key == "sex":
        return "sex"
    if key == "area_m2":
        return "area"
    if key.endswith("phone"):
        return "phone"
    if key == "dossier_code":
        return "dossier_code"
    return "text"


# Dates that may lie in the future; everything else (birth, registration, issue, death,
# received, submission) has happened by the time the paper is scanned.
FUTURE_OK = {"expiry_date", "appointment_date"}
# Dates a dossier's own declaration is signed on: by the day it is handed in, never after.
SIGNED_BY_RECEPTION = {"submission_date"}
# Dates that cannot precede the birth of the person the document is about.
_AFTER_BIRTH = ("registration_date", "issue_date", "date_of_death", "expiry_date")
# A prefix's implied sex (marriage certificate columns); "" uses the document's `sex` field.
_PREFIX_SEX = {"husband_": "Nam", "wife_": "Nữ"}
CARD_AGES = (14, 25, 40, 60)  # DOMAIN §4: Căn cước/CCCD expire on these birthdays


def _expiry_is_milestone(birth: date, expiry: date) -> bool:
    for age in CARD_AGES:
        if birth.year + age > date.max.year:  # a misread year: no birthday that far out
            continue
        try:
            if date(birth.year + age, birth.month, birth.day) == expiry:
                return True
        except ValueError:  # born 29 Feb: the card runs to 28 Feb or 1 Mar
            feb28 = date(birth.year + age, 2, 28)
            if expiry in (feb28, feb28 + timedelta(days=1)):
                return True
    return False


# Vietnamese family names (the commonest ~90). A name whose first word is one of them without
# its marks, or with other marks ('NGUYÊN' for 'NGUYỄN'), is almost surely misread: OCR drops
# and swaps the stacked marks of capitals most of all.
SURNAMES = """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương
Trịnh Đinh Lâm Phùng Mai Tô Trương Hà Tạ Cao Lương Lưu Quách Thái Châu Kiều Lã La Mạc Triệu Chu
Tăng Khúc Hứa Từ Doãn Giang Nghiêm Tiêu Thân Kim Ninh Đàm Đồng Lục Tống Hàn Lạc Hầu Diệp Khổng Lò
Tòng Cù Bạch Phó Đường Ông Ứng Âu Biện Cấn Giáp Mẫn Nông Quan Sầm Tôn Vi Viên Khuất Lại Thạch Tạ
Văn Trình Thiều Đới Bế Hoàng Lường Nghiêm Ân Khương Phí Quản""".split()
SURNAME_KEYS: dict[str, set[str]] = {}
for _n in SURNAMES:  # 'La' and 'Lã' share a key: both are family names
    SURNAME_KEYS.setdefault(vntext.fold_tight(_n), set()).add(vntext.canonical_tone(_n).casefold())


# Syllables of Vietnamese middle and given names (the common ones, with the family names, which
# are middle names too: 'Lê Nguyễn Bảo Anh'). A syllable of a name that is none of them but one
# of them with other marks ('HỎNG' for 'HỒNG', 'LỌC' for 'LỘC', 'HUYỄN' for 'HUYỀN') is misread:
# OCR invents and swaps the marks of capitals, and these words are no names.
GIVEN_NAMES = """An Anh Ánh Ẩn Bá Bách Bạch Bản Bảo Bắc Bằng Bích Biên Biển Bình Bội Bửu Ca Các Cảnh
Cát Cầm Cẩm Cần Cận Châm Chân Chấn Chánh Châu Chi Chí Chiến Chiêu Chinh Chính Chỉnh Chương Chung
Công Cúc Cung Cương Cường Dân Danh Dạ Diễm Diên Diện Diệp Diệu Dịu Doanh Du Dung Dũng Duy Duyên Duyệt
Dư Dự Dương Đại Đạm Đan Đang Đảm Đạo Đạt Đắc Đăng Đằng Đích Điềm Điền Điệp Định Đình Đoan Đô Độ
Đông Đồng Đức Được Gấm Gia Giang Giao Giáp Hà Hạ Hải Hàm Hân Hãn Hạnh Hào Hảo Hạo Hậu Hằng Hiên
Hiền Hiển Hiến Hiếu Hiệp Hinh Hoa Hòa Hóa Họa Hoài Hoan Hoàn Hoán Hoạt Hoàng Hội Hồng Hợi
Hợp Hùng Huân Huấn Huế Huệ Hưng Hứng Hương Hường Hưởng Hữu Huy Huyền Huỳnh Khả Kha Khai Khải
Khang Khanh Khánh Khắc Khâm Khiêm Khiết Khoa Khoái Khôi Khuê Khương Khuyên Kiên Kiện Kiệt Kiều Kim
Kính Kỳ Kỷ Lạc Lai Lam Lâm Lan Lãm Lành Lãnh Lập Lê Lệ Lễ Liêm Liên Liễu Linh Loan Lộc Lợi Long
Lực Luân Luận Lụa Lũy Lương Lượng Lưu Ly Lý Mai Mạnh Mão Mẫn Mậu Miên Minh Mơ Mộng My Mỹ Na Nam
Năng Nga Ngà Ngân Nghi Nghị Nghĩa Nghiêm Ngoan Ngọc Ngôn Nguyên Nguyện Nguyệt Nhã Nhàn Nhân Nhẫn
Nhật Nhi Nhiên Nhơn Như Nhu Nhung Nhựt Ninh Nữ Oanh Phấn Phát Pháp Phi Phong Phú Phúc Phùng Phụng
Phước Phương Phượng Quân Quang Quảng Quế Quốc Quý Quyên Quyền Quyết Quỳnh Sa Sang Sáng Sâm Sĩ Sỹ
Sinh Son Sơn Song Sửu Sương Tài Tâm Tân Tấn Tần Tất Thạch Thái Thắm Thắng Thanh Thành Thạnh
Thảo Thân Thế Thi Thiên Thiện Thiều Thịnh Thị Thoa Thỏa Thoại Thơ Thọ Thông Thống Thu Thuận
Thục Thùy Thủy Thúy Thụy Thư Thức Thương Thường Thy Tích Tiên Tiến Tiếp Tiệp Tín Tình Tịnh Toại Toàn
Toản Tòng Tôn Trà Trác Trai Trang Tráng Trâm Trân Trí Triết Triều Triệu Trinh Trình Trọng Trúc Trung
Trương Trường Tú Tuân Tuấn Tuệ Tùng Tuyên Tuyền Tuyết Tư Tứ Tường Tươi Uyên Út Vạn Văn Vân
Vận Vi Vĩ Viên Viễn Việt Vinh Vĩnh Võ Vũ Vượng Vy Xuân Xuyến Yên Yến""".split() + SURNAMES
NAME_SYLLABLES: dict[str, set[str]] = {}
for _n in GIVEN_NAMES:
    NAME_SYLLABLES.setdefault(vntext.fold_tight(_n), set()).add(vntext.canonical_tone(_n).casefold())


def _known(word: str, spellings: dict[str, set[str]]) -> bool | None:
    """Whether a word is spelt as one of `spellings` (True), one of them with other marks
    (False), or folds like none of them (None: a name we do not list)."""
    known = spellings.get(vntext.fold_tight(word))
    return None if not known else vntext.canonical_tone(word).casefold() in known


def known_syllable(word: str, first: bool = False) -> bool | None:
    """Whether the lists spell a name's syllable so (the first, a family name): True, False
    where they have its letters with other marks only, None where they do not know them."""
    return _known(word, SURNAME_KEYS if first else NAME_SYLLABLES)


# Canonical spelling of a name's syllable -> as it is written in the lists.
_WRITTEN = {vntext.canonical_tone(n).casefold(): n for n in GIVEN_NAMES}


def _marks_apart(a: str, b: str) -> int:
    """How many marks two spellings of the same letters differ by: a letter's own mark (the hat
    of 'â', the horn of 'ư') counted per letter, the syllable's tone once. 'thủ' is one mark
    from 'thu' and two from 'thư'."""
    return sum(x != y for x, y in zip(vntext.toneless(a), vntext.toneless(b))) + (vntext.tones(a) != vntext.tones(b))


DOT_BELOW = "\u0323"  # the nặng tone mark, combining


def _without(word: str, mark: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).replace(mark, ""))


def _nearest(word: str, spellings: set[str]) -> str | None:
    """The one spelling of `spellings` fewest marks from `word`, or None if several are as near."""
    key = vntext.canonical_tone(word).casefold()
    ranked = sorted((_marks_apart(key, s), s) for s in spellings)
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


NAME_WORDS_AT_LEAST = 3  # words a name keeps after its ends are trimmed: fewer, and the end may be its own
STRAY_WORDS_AT_MOST = 2  # at an end; more are a line read in its place ('người đi khai tử Lê ...'), left to see


def trim_name_ends(value: str) -> str:
    """A name is written in one case, all capitals or each word capitalised: a word at its
    start or end written otherwise that spells no name's syllable is a speck or a word of the
    line read into it ('à Lê Hoài My', 'Phạm Hữu Bình ỗ', 'NGUYỄN MẠNH BẢO KHÁNH nên Gây').
    One that spells a name's syllable stays ('HỒ BẢO vi': 'VI' read small), as do the ends of
    a name that would keep fewer than NAME_WORDS_AT_LEAST words."""
    words = vntext.squash(value).split()
    capitals = sum(w.isupper() for w in words) * 2 > len(words)

    def stray(word: str, first: bool) -> bool:
        other_case = not word.isupper() if capitals else not word[:1].isupper()
        return other_case and not _known(word.upper(), SURNAME_KEYS if first else NAME_SYLLABLES)

    def strays(ends: list[str], first: bool) -> int:
        n = 0
        while len(words) - n > NAME_WORDS_AT_LEAST and stray(ends[n], first and n == 0):
            n += 1
        return n if n <= STRAY_WORDS_AT_MOST else 0

    head = strays(words, True)
    words = words[head:]
    tail = strays(words[::-1], False)
    return " ".join(words[:len(words) - tail]) if tail or head else value


def repair_name_marks(value: str) -> str:
    """The name with its syllables' marks put right where the lists leave no doubt ('NGUYÊN
    VĂN A' -> 'NGUYỄN VĂN A', 'LÊ HỎNG NHUNG' -> 'LÊ HỒNG NHUNG'), in the name's own case:
    the first word against the family names, the others against the syllables of names. Where
    several names spell the same letters, the one fewest marks away, if one is ('THỦ' is 'THU',
    not 'THƯ'; 'CHỈ' is as near 'CHI' as 'CHÍ'); a small 'ỉ' is an 'i' whose dot read as a hook
    ('Chỉ' is 'Chi', not 'Chí': capitals have no dot to misread); a dot below that makes no name
    is a speck under the letter ('CHỊ' is 'CHI')."""
    words = vntext.squash(value).split()
    for i, word in enumerate(words):
        spellings = SURNAME_KEYS if i == 0 else NAME_SYLLABLES
        if _known(word, spellings) is not False:
            continue
        # a mark that makes no name, read from a speck: a small i's dot read as the hook over it
        # ('Chỉ' for 'Chi'), or a dot below the letter (noise, a punch hole's rim), never a mark
        # above read low ('CHỊ', 'DỤNG', 'VỊ' for 'CHI', 'DUNG', 'VI': 11 of 11 on 48 outside seeds)
        bare = next((b for b in (word.replace("ỉ", "i"), _without(word, DOT_BELOW))
                     if b != word and _known(b, spellings)), None)
        if bare:
            words[i] = bare
            continue
        right = _nearest(word, spellings[vntext.fold_tight(word)])
        if right is not None:
            words[i] = vntext.cased_like(_WRITTEN.get(right, right), word)
    return " ".join(words) if words else value


NAME_FIELDS = {"full_name", "father_name", "mother_name", "husband_name", "wife_name", "holder_name",
               "applicant_name", "household_head_name"}


def check_name(value: str | None) -> list[str]:
    """`name_marks_suspect` when the family name is a known one with its marks lost or changed,
    or another syllable is a name's with other marks and the list cannot tell which ('CHỊ':
    'Chi' or 'Chí')."""
    words = vntext.squash(value).split()
    if words and (_known(words[0], SURNAME_KEYS) is False or
                  any(_known(w, NAME_SYLLABLES) is False for w in words[1:])):
        return ["name_marks_suspect"]
    return []


# Addresses and issuing bodies: their administrative units are checked against the official list.
PLACE_FIELDS = {"place_of_residence", "place_of_origin", "place_of_birth", "place_of_death", "land_address",
                "applicant_address", "issuing_authority"}


def validate_fields(doc_type: str, values: dict[str, str | None], today: date | str | None = None,
                    dossier_id: str | None = None) -> dict[str, list[str]]:
    """Reasons per field key of ONE document (only keys with reasons). Missing values (None or
    empty) are not checked here: the caller flags them. A cross-field disagreement is put on
    BOTH fields, since either may be the misread one (e.g. id_birth_year_mismatch on the id and
    on the birth date). dossier_id (the folder/file name) enables dossier_code_mismatch."""
    vals = {k: v.strip() for k, v in values.items() if isinstance(v, str) and v.strip()}
    out: dict[str, list[str]] = {}

    def add(key: str, reasons: list[str]) -> None:
        for r in reasons:
            if r not in out.setdefault(key, []):
                out[key].append(r)

    for key, v in vals.items():
        kind = field_kind(key)
        if kind == "date":
            add(key, check_date(v, today, past_only=key not in FUTURE_OK,
                                allow_indefinite=key == "expiry_date"))
        elif kind == "sex":
            add(key, check_sex(v))
        elif kind == "area":
            add(key, check_area(v))
        elif kind == "phone":
            add(key, check_phone(v))
        elif kind == "dossier_code":
            add(key, check_dossier_code(v, dossier_id, vals.get("received_date")))
        elif kind == "personal_id":
            prefix = key[: -len("personal_id")]
            dob_key, sex_key = prefix + "date_of_birth", prefix + "sex"
            sex = _PREFIX_SEX.get(prefix) or vals.get(sex_key)
            reasons = check_personal_id(v, vals.get(dob_key), sex)
            add(key, reasons)
            if ID_SEX_DIGIT_MISMATCH in reasons and sex_key in vals:
                add(sex_key, [ID_SEX_DIGIT_MISMATCH])
            for r in (ID_CENTURY_MISMATCH, ID_BIRTH_YEAR_MISMATCH):
                if r in reasons:
                    add(dob_key, [r])

    for key in PLACE_FIELDS & vals.keys():
        add(key, check_place(vals[key]))
    if authority_type_differs(vals.get("issuing_authority"),
                              [vals[k] for k in sorted(PLACE_FIELDS & vals.keys()) if k != "issuing_authority"]):
        add("issuing_authority", [AUTHORITY_TYPE_DIFFERS])
    for key in NAME_FIELDS & vals.keys():
        add(key, check_name(vals[key]))
    if "ethnicity" in vals and not vocab.snap("ethnicity", vals["ethnicity"]):
        add("ethnicity", ["ethnicity_unknown"])

    for dob_key in [k for k in vals if k.endswith("date_of_birth")]:
        for later in _AFTER_BIRTH:
            if later in vals and check_order(vals[dob_key], vals[later], DATE_BEFORE_BIRTH):
                add(later, [DATE_BEFORE_BIRTH])
                add(dob_key, [DATE_BEFORE_BIRTH])
    if check_order(vals.get("received_date"), vals.get("appointment_date"),
                   APPOINTMENT_BEFORE_RECEIVED):
        add("received_date", [APPOINTMENT_BEFORE_RECEIVED])
        add("appointment_date", [APPOINTMENT_BEFORE_RECEIVED])
    if appointment_too_late(vals.get("received_date"), vals.get("appointment_date")):
        add("received_date", [APPOINTMENT_TOO_LATE])
        add("appointment_date", [APPOINTMENT_TOO_LATE])

    # CCCD/Căn cước: expiry = the 14th/25th/40th/60th birthday. Not for a 9-digit CMND
    # (valid 15 years from issue) or an indefinite expiry.
    birth, expiry = _span(vals.get("date_of_birth")), _span(vals.get("expiry_date"))
    if doc_type == "cccd" and birth and expiry and birth[0] == birth[1] and expiry[0] == expiry[1] \
            and not re.fullmatch(r"[0-9]{9}", vals.get("personal_id", "")) \
            and not _expiry_is_milestone(birth[0], expiry[0]):
        add("expiry_date", [EXPIRY_NOT_MILESTONE])
        add("date_of_birth", [EXPIRY_NOT_MILESTONE])
    return {k: r for k, r in out.items() if r}
