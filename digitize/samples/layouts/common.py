"""What every layout receives (the dossier context) and returns (a rendered document)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from PIL import Image

from ..people import Address, Person, make_name, make_person, random_date
from ..places import HOSPITALS, PROVINCES

# Field keys per doc_type, in RECORDS.md order (the truth always carries all of them).
FIELDS: dict[str, list[str]] = {
    "cccd": ["personal_id", "full_name", "date_of_birth", "sex", "nationality", "place_of_origin",
             "place_of_residence", "expiry_date"],
    "birth_certificate": ["full_name", "date_of_birth", "sex", "ethnicity", "nationality",
                          "place_of_birth", "personal_id", "father_name", "mother_name",
                          "registration_number", "book_number", "registration_date",
                          "issuing_authority"],
    "residence_confirmation": ["full_name", "date_of_birth", "sex", "personal_id",
                               "place_of_residence", "household_head_name", "relationship_to_head",
                               "issue_date", "issuing_authority"],
    "marriage_certificate": ["husband_name", "husband_date_of_birth", "husband_personal_id",
                             "wife_name", "wife_date_of_birth", "wife_personal_id",
                             "registration_number", "registration_date", "issuing_authority"],
    "death_certificate": ["full_name", "date_of_birth", "sex", "personal_id", "date_of_death",
                          "place_of_death", "registration_number", "registration_date",
                          "issuing_authority"],
    "land_use_certificate": ["holder_name", "holder_personal_id", "parcel_number",
                             "map_sheet_number", "land_address", "area_m2", "land_use_purpose",
                             "certificate_serial", "issue_date", "issuing_authority"],
    "application_form": ["form_title", "applicant_name", "applicant_personal_id", "applicant_phone",
                         "applicant_address", "submission_date"],
    "receipt": ["dossier_code", "procedure_name", "applicant_name", "received_date",
                "appointment_date"],
}


@dataclass
class Doc:
    doc_type: str
    pages: list[Image.Image]
    fields: dict
    stem: str  # file-name stem when the document gets its own file (`to_khai`, `cccd`)
    card: bool = False  # an ID card scan: small, may be stored as JPEG photo


@dataclass
class Ctx:
    """One dossier's world: who applies, where, when. Layouts read it and add relatives lazily."""
    rng: random.Random
    day: date  # date the dossier was received
    code: str  # one-stop-shop dossier code
    office: Address  # commune where the dossier is lodged (and the applicant lives)
    applicant: Person
    procedure: str = ""
    spouse: Person | None = None
    child: Person | None = None
    deceased: Person | None = None
    layout: int | None = None  # force a layout index (tests); None = random
    extra: dict = field(default_factory=dict)

    def get_spouse(self) -> Person:
        if self.spouse is None:
            a = self.applicant
            sex = "Nữ" if a.sex == "Nam" else "Nam"
            lo = date(max(1950, a.dob.year - 8), 1, 1)
            hi = date(min(2004, a.dob.year + 6), 12, 31)
            self.spouse = make_person(self.rng, sex, (lo, hi), residence=a.residence)
        return self.spouse

    def get_child(self) -> Person:
        """A child born 2016 or later, so its birth certificate prints a personal id."""
        if self.child is None:
            a, s = self.applicant, self.get_spouse()
            father = a if a.sex == "Nam" else s
            mother = s if father is a else a
            lo = max(date(2016, 1, 1), date(max(a.dob.year, s.dob.year) + 19, 1, 1))
            hi = min(self.day - timedelta(days=40), date(mother.dob.year + 42, 12, 31))
            if self.extra.get("newborn"):  # being registered in this very dossier
                lo, hi = self.day - timedelta(days=55), self.day - timedelta(days=3)
            if lo > hi:
                lo = hi - timedelta(days=400)
            c = make_person(self.rng, born=(lo, hi), residence=a.residence,
                            birth_province=a.residence.province)
            c.full_name = make_name(self.rng, c.sex, surname=father.full_name.split()[0].title())
            c.extra["father"], c.extra["mother"] = father, mother
            c.extra["pob"] = birth_place(self.rng, a.residence)
            self.child = c
        return self.child

    def get_deceased(self) -> Person:
        """The applicant's parent, who died before the dossier (inheritance, death registration)."""
        if self.deceased is None:
            a = self.applicant
            hi = date(a.dob.year - 18, 12, 31)
            d = make_person(self.rng, born=(date(1925, 1, 1), hi), residence=a.residence)
            far = 30 if self.extra.get("recent_death") else 700  # registered in this dossier, or long ago
            d.extra["date_of_death"] = random_date(self.rng, self.day - timedelta(days=far),
                                                   self.day - timedelta(days=3))
            self.deceased = d
        return self.deceased

    def pick(self, n: int) -> int:
        """Which of n layouts to draw."""
        if self.layout is not None:
            return self.layout % n
        return self.rng.randrange(n)


def birth_place(rng: random.Random, addr: Address) -> str:
    tpl = rng.choice(HOSPITALS)
    if "{p}" not in tpl:  # a commune clinic or district centre: add where it is
        tpl += ", {p}"
    return tpl.format(p=addr.province_full, c=addr.commune, d=addr.district)


# -- issuing bodies -------------------------------------------------------------------------
def upper(s: str) -> str:
    return s.upper()


def ubnd(addr: Address, rng: random.Random) -> tuple[list[str], str]:
    """People's Committee of a commune: header lines and the ordinary-case name for the truth."""
    commune = addr.commune
    name = f"Ủy ban nhân dân {commune}"
    lines = ["ỦY BAN NHÂN DÂN", upper(commune)]
    if rng.random() < 0.3:  # some print the district above
        lines = [upper(addr.district), "ỦY BAN NHÂN DÂN " + upper(commune)]
    return lines, name


def police(addr: Address, rng: random.Random) -> tuple[list[str], str]:
    """Commune police, its parent body above (DOMAIN: printed over two lines)."""
    ptype = PROVINCES[addr.province][0]
    if rng.random() < 0.5:
        parent = ("CÔNG AN TP " if ptype == "thành phố" and rng.random() < 0.6 else
                  f"CÔNG AN {upper(ptype)} ") + upper(addr.province)
    else:
        parent = "CÔNG AN " + upper(addr.district)
    return [parent, "CÔNG AN " + upper(addr.commune)], f"Công an {addr.commune}"


def place_name(addr: Address, rng: random.Random) -> str:
    """The place of a place-date line: the province or the commune."""
    return PROVINCES[addr.province][3] if rng.random() < 0.6 else addr.commune_name()


def signer(rng: random.Random) -> str:
    return make_name(rng, rng.choice(["Nam", "Nam", "Nữ"]))
