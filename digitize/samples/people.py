"""Synthetic people, addresses, personal ids, dates and Vietnamese date words."""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from .places import ETHNICITIES, PROVINCES, VILLAGES, WARD_GROUPS

_FAKER = Faker("vi_VN")

# Faker's vi_VN pools are small; these widen them with common names, including the stacked
# marks (Ễ, Ỳ, Ử) where OCR fails most (DOMAIN §10).
_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
             "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Tạ"]
_MIDDLE = {"Nam": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Tiến", "Mạnh",
                   "Ngọc", "Anh", "Duy", "Trọng", "Quốc"],
           "Nữ": ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Thùy", "Hồng",
                  "Kim", "Diệu", "Mỹ", "Bích"]}
_GIVEN = {"Nam": ["Hùng", "Dũng", "Tuấn", "Cường", "Thắng", "Khánh", "Hiếu", "Quyết", "Lộc",
                  "Huỳnh", "Kiên", "Sơn", "Thịnh", "Việt", "Đạt", "Tường", "Vượng", "Nghĩa", "Hải"],
          "Nữ": ["Huyền", "Thủy", "Trang", "Hằng", "Nhung", "Thư", "Ngân", "Quỳnh", "Nguyệt",
                 "Uyên", "Phượng", "Hạnh", "Diễm", "Loan", "Liễu", "Hường", "Mỹ", "Nga"]}

# Personal-id century/sex digit G (DOMAIN §4): even = Nam, odd = Nữ.
def century_digit(year: int, sex: str) -> int:
    return 2 * ((year - 1900) // 100) + (1 if sex == "Nữ" else 0)


@dataclass
class Address:
    house: str  # "Số 12, ngõ 45 phố Trần Khát Chân" or "Thôn Đông"; may be ""
    commune: str  # "phường Cầu Dền"
    district: str  # "quận Hai Bà Trưng"
    province: str  # "Hà Nội"

    @property
    def province_full(self) -> str:
        return f"{PROVINCES[self.province][0]} {self.province}"

    def full(self, caps: bool = False) -> str:
        """As forms print it: every unit with its type, optionally capitalised (`Phường`, `Quận`)."""
        units = [self.commune, self.district, self.province_full]
        if caps:
            units = [u[0].upper() + u[1:] for u in units]
        return ", ".join(([self.house] if self.house else []) + units)

    def short(self) -> str:
        """As the ID card prints it: unit names without types (`Thanh Nhàn, Hai Bà Trưng, Hà Nội`)."""
        return ", ".join(([self.house] if self.house else []) + [bare(self.commune),
                                                                 bare(self.district), self.province])

    def commune_name(self) -> str:
        return bare(self.commune)


def bare(unit: str) -> str:
    for t in ("thành phố ", "thị trấn ", "thị xã ", "phường ", "quận ", "huyện ", "xã ", "tỉnh "):
        if unit.startswith(t):
            return unit[len(t):]
    if unit.startswith("Phường ") or unit.startswith("Quận "):  # numbered wards/districts keep it
        return unit
    return unit


def random_address(rng: random.Random, province: str | None = None, house: bool = True) -> Address:
    province = province or rng.choice(list(PROVINCES))
    _t, _code, _ag, _short, districts, streets = PROVINCES[province]
    district = rng.choice(list(districts))
    commune = rng.choice(districts[district])
    h = ""
    if house:
        if commune.startswith("xã"):
            h = rng.choice(VILLAGES)
        elif rng.random() < 0.15:
            h = rng.choice(WARD_GROUPS)
        elif rng.random() < 0.5:
            h = f"Số {rng.randint(1, 180)}, ngõ {rng.randint(2, 320)} phố {rng.choice(streets)}"
        else:
            h = f"Số {rng.randint(1, 250)} {rng.choice(['đường', 'phố'])} {rng.choice(streets)}"
    return Address(h, commune, district, province)


@dataclass
class Person:
    full_name: str  # capitals, NFC
    sex: str  # "Nam" | "Nữ"
    dob: date
    personal_id: str
    birth_province: str  # province of birth registration (PPP of the id)
    origin: Address  # quê quán (no house part)
    residence: Address
    ethnicity: str = "Kinh"
    nationality: str = "Việt Nam"
    phone: str = ""
    cmnd: str = ""  # old 9-digit number, when the person had one
    extra: dict = field(default_factory=dict)


def make_name(rng: random.Random, sex: str, surname: str | None = None) -> str:
    _FAKER.seed_instance(rng.getrandbits(32))
    last = surname or (_FAKER.last_name() if rng.random() < 0.5 else rng.choice(_SURNAMES))
    middle = rng.choice(_MIDDLE[sex])
    if rng.random() < 0.5:
        given = _FAKER.first_name_male() if sex == "Nam" else _FAKER.first_name_female()
    else:
        given = rng.choice(_GIVEN[sex])
    parts = [last, middle, given]
    if rng.random() < 0.12:  # four-word names are common
        parts.insert(2, rng.choice(_MIDDLE[sex][1:]))
    return unicodedata.normalize("NFC", " ".join(dict.fromkeys(parts)).upper())


def personal_id(rng: random.Random, province: str, dob: date, sex: str) -> str:
    code = PROVINCES[province][1]
    return f"{code}{century_digit(dob.year, sex)}{dob.year % 100:02d}{rng.randint(0, 999999):06d}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def make_person(rng: random.Random, sex: str | None = None, born: tuple[date, date] | None = None,
                surname: str | None = None, residence: Address | None = None,
                birth_province: str | None = None) -> Person:
    sex = sex or rng.choice(["Nam", "Nữ"])
    lo, hi = born or (date(1955, 1, 1), date(2004, 12, 31))
    dob = random_date(rng, lo, hi)
    bp = birth_province or rng.choice(list(PROVINCES))
    origin = random_address(rng, bp if rng.random() < 0.7 else None, house=False)
    res = residence or random_address(rng)
    phone = rng.choice(["09", "03", "08", "07"]) + f"{rng.randint(0, 99999999):08d}"
    cmnd = f"{rng.choice(['01', '03', '09', '12', '16', '17'])}{rng.randint(0, 9999999):07d}" \
        if dob.year < 1999 else ""
    return Person(make_name(rng, sex, surname), sex, dob, personal_id(rng, bp, dob, sex), bp, origin,
                  res, rng.choice(ETHNICITIES), "Việt Nam", phone, cmnd)


# -- dates --------------------------------------------------------------------------------
def dmy(d: date, zero: bool = True) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if zero else f"{d.day}/{d.month}/{d.year}"


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def card_expiry(dob: date, issued: date, milestones: tuple[int, ...]) -> date | None:
    """Card valid to the next renewal age; one issued within 2 years before a milestone runs to
    the following one; None after the last (printed `Không thời hạn`) (DOMAIN §4)."""
    for age in milestones:
        if add_years(dob, age - 2) > issued:
            return add_years(dob, age)
    return None


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _under_100(n: int, in_hundreds: bool = False) -> str:
    if n < 10:
        return (("linh " if in_hundreds else "") + _DIGITS[n]) if n else ""
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else _DIGITS[tens] + " mươi"
    if unit == 0:
        return head
    if unit == 5:
        return head + " lăm"
    if unit == 1 and tens > 1:
        return head + " mốt"
    if unit == 4 and tens > 1:
        return head + " tư"
    return head + " " + _DIGITS[unit]


def number_words(n: int) -> str:
    """Vietnamese words for 0..9999, as date words are written (`hai nghìn không trăm linh năm`)."""
    if n == 0:
        return "không"
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    out = []
    if thousands:
        out.append(_DIGITS[thousands] + " nghìn")
    if hundreds or (thousands and rest):
        out.append(_DIGITS[hundreds] + " trăm")
    if rest:
        out.append(_under_100(rest, in_hundreds=bool(thousands or hundreds)))
    return " ".join(out)


_MONTHS = ["một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai"]


def date_words(d: date) -> str:
    day = _under_100(d.day) if d.day >= 10 else _DIGITS[d.day]
    if d.day < 11 and d.day != 10:
        day = "mùng " + _DIGITS[d.day]
    return f"Ngày {day} tháng {_MONTHS[d.month - 1]} năm {number_words(d.year)}"


def deaccent(s: str) -> str:
    """For the MRZ: drop diacritics and map Đ to D."""
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
