import re

from rapidfuzz import fuzz

from .. import codes
from ..validate import CARD_AGES, id_century_sex_decode
from ..vntext import fold_tight
from .base import ADDRESS, NATIONALITY, DATE, NAME, PERSONAL_ID, SEX, DocType, FieldSpec


def machine_readable(page_codes: list[str], lines: list[str]) -> dict[str, str]:
    """The chip card's QR (front) and the MRZ (back), where scanned."""
    out: dict[str, str] = {}
    mrz = codes.mrz_lines(lines)
    if mrz:
        out.update(codes.cccd_mrz(mrz))
    for text in page_codes:
        out.update(codes.cccd_qr(text))
    return out


FACE_WORDS = 150  # a card's face prints fewer words than this (80-120 with English captions); forms print far more
FACE_REACH = 5  # lines under the id within which a card prints its holder's birth date and sex


def holder_on_face(lines: list[str]) -> bool:
    """A card's face whose title did not read: few words, and a 12-digit personal id on a line
    of its own, under which the holder's birth year and sex follow within a few lines, agreeing
    with the id's sex digit and year. A number agrees so by chance about once in two hundred; a
    form's member table prints id, birth date and sex on one row, a birth notice the mother's
    id after her birth year."""
    if len(" ".join(lines).split()) > FACE_WORDS:
        return False
    for i, line in enumerate(lines):
        for pid in re.findall(r"(?<!\d)\d{12}(?!\d)", line):
            century, sex = id_century_sex_decode(pid)
            year = rf"(?<!\d){century + int(pid[4:6])}(?!\d)"
            under = lines[i + 1: i + 1 + FACE_REACH]
            if (not re.search(year, line) and any(re.search(year, ln) for ln in under)
                    and any(re.search(rf"\b{sex}\b", ln, re.IGNORECASE) for ln in under)):  # 'NỮ' too
                return True
    return False


FACE_LABELS = 4  # of the card's labels (its expiry's among them) that name a face whose title and id did not read
LABEL_LETTERS = 6  # folded letters a label needs to count: 'Số' is printed everywhere


def labels_on_face(lines: list[str]) -> bool:
    """A card's face whose title and id did not read (a dark corner of a black-and-white scan):
    few words, and the labels of its particulars, the expiry's among them ('Có giá trị đến',
    which no other paper prints) and three more. Words are counted from two letters up: such
    a scan reads its dark corners as a hundred specks."""
    if sum(sum(c.isalpha() for c in w) >= 2 for w in " ".join(lines).split()) > FACE_WORDS:
        return False
    tight = fold_tight(" ".join(lines))
    printed = {f.key for f in DOCTYPE.fields for label in map(fold_tight, f.labels)
               if len(label) >= LABEL_LETTERS and label in tight}
    return "expiry_date" in printed and len(printed) >= FACE_LABELS


# What a card's back prints and no other paper does: the particulars' caption and the issuing
# department ('CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI'). Measured on the 4,477 pages
# of 41 outside seeds: the lower of the two phrases' scores is 75 or more on 286 card pages
# and at most 60 on every other page.
BACK_PHRASES = tuple(map(fold_tight, ("Đặc điểm nhân dạng", "Quản lý hành chính về trật tự xã hội")))
BACK_PHRASE_SCORE = 75  # fuzzy (partial ratio of folded letters): 'điềm nhân dạng', 'QUẲNLÝHÀNH ... TRẬY R XÃ


def back_on_page(lines: list[str]) -> bool:
    """A card's back whose title-less face did not read (a photocopy of both sides, black and
    white under uneven light, the front lost in the dots): both its phrases are on the page,
    however much junk is read around them."""
    tight = fold_tight(" ".join(lines))
    return all(fuzz.partial_ratio(p, tight) >= BACK_PHRASE_SCORE for p in BACK_PHRASES)


# A date as a card prints it, its day perhaps misread ('1Ô-04-1967'): month and year must read.
CARD_DATE = re.compile(r"(?<!\d)(\S{1,2})\s?[-/.]\s?(\d{2})\s?[-/.]\s?((?:19|20)\d{2})(?!\d)")


def expiry_on_face(lines: list[str]) -> bool:
    """A card's face whose title, id and labels did not read (black and white, faded): few words,
    and two dates a birthday apart that a card runs to, the holder's birth and the card's expiry
    ('1Ô-04-1967' and '10-04-2027'): same month, the same day but for a digit misread in one
    ('26-10-1992' and '20-10-2032'), years 14, 25, 40 or 60 apart. A form, a certificate or a
    receipt prints no such pair."""
    if len(" ".join(lines).split()) > FACE_WORDS:
        return False
    dates = [m.groups() for line in lines for m in CARD_DATE.finditer(line)]
    return any(m1 == m2 and int(y2) - int(y1) in CARD_AGES and _same_day(d1, d2)
               for d1, m1, y1 in dates for d2, m2, y2 in dates)


def _same_day(a: str, b: str) -> bool:
    """Two readings of one day: alike, or one misread (a letter for a digit, one digit of two)."""
    if not (a.isdigit() and b.isdigit()):
        return True
    return a == b or len(a) == len(b) == 2 and sum(x != y for x, y in zip(a, b)) == 1


def on_face(lines: list[str]) -> bool:
    return holder_on_face(lines) or labels_on_face(lines) or expiry_on_face(lines) or back_on_page(lines)


DOCTYPE = DocType(
    name="cccd",
    titles=("CĂN CƯỚC CÔNG DÂN", "CĂN CƯỚC", "CITIZEN IDENTITY CARD", "IDENTITY CARD",
            "CHỨNG MINH NHÂN DÂN", "GIẤY CHỨNG MINH NHÂN DÂN"),
    fields=(
        FieldSpec("personal_id", PERSONAL_ID, ("Số định danh cá nhân", "Số"), fallback="id_shape"),
        FieldSpec("full_name", NAME, ("Họ, chữ đệm và tên khai sinh", "Họ và tên", "Họ tên"), fallback="card_name"),
        FieldSpec("date_of_birth", DATE, ("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày"), fallback="card_birth"),
        FieldSpec("sex", SEX, ("Giới tính",), fallback="card_sex"),
        FieldSpec("nationality", NATIONALITY, ("Quốc tịch",), fallback="card_nationality"),
        FieldSpec("place_of_origin", ADDRESS, ("Quê quán", "Nguyên quán"), fallback="card_origin"),
        FieldSpec("place_of_residence", ADDRESS, ("Nơi thường trú", "Nơi cư trú", "Nơi ĐKHK thường trú",
                                                 "thường trú")),  # its "Nơi" lost at the photo's edge
        FieldSpec("expiry_date", DATE, ("Có giá trị đến", "Ngày, tháng, năm hết hạn", "Date of expiry"),
                  fallback="milestone"),
    ),
    machine_readable=machine_readable,
    zone_names_type=True,
    printed_evidence=on_face,
    not_printed_when=(("hochudemvatenkhaisinh", ("place_of_origin",)),),
    # a certified copy's stamp's 'Quyển số: 03/2023-SCT/BS' holds the card's 'Số': no card's number
    stop_labels=("Nơi đăng ký khai sinh", "Đặc điểm nhận dạng", "Ngày, tháng, năm cấp",
                 "Ngày, tháng, năm", "Quyển số"),
)
