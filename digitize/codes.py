"""Machine-readable zones: barcodes and QR codes on the page, the MRZ on a card's back.

zxing-cpp reads both QR codes and the 1-D barcodes receipts print; on these pages it found
every code OpenCV's detector found, 20-30x faster (28 ms on a half-size page against 530-880 ms).
MRZ check digits (ICAO 9303) make its values trustworthy where the OCR of it is not.
"""
from __future__ import annotations

import re

import cv2
import numpy as np

from . import vntext
from .validate import CARD_AGES


SPREAD_THIN_PX = 2  # side of the max filter that thins a printed code's dark modules back


def read_codes(gray: np.ndarray, full_size: bool = False, card: bool = False) -> list[str]:
    """Texts of the barcodes and QR codes on a page; none when the decoder is missing. Read at
    half size (4x faster); `full_size` for a second look where a code's modules are dots that
    halving greys out (a faded card photocopied in black and white: 75 ms a 300-dpi page).

    Where nothing decodes so but a symbol is seen (its checksum fails), or `card` (an identity
    card lies on the page: a chip card prints its QR code), the code is looked at harder: at
    full size, then with its dark modules thinned. A card's QR code is small (modules of 3-5
    pixels on a 300-dpi scan): halving merges them. Printed, scanned or copied, dark modules
    spread into light ones (toner, ink, a copy's bleed) until the decoder finds no grid; a
    2-pixel max filter thins them back. On 402 chip cards of the outside corpus whose code did
    not read at half size, full size read 256, thinned too 296. A code decodes only through
    its Reed-Solomon check, so a look more is never a wrong value."""
    try:
        import zxingcpp
    except ImportError:
        return []
    image = gray if full_size else cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    texts, seen = _decoded(zxingcpp, image)
    if texts or not (card or seen):
        return texts
    if not full_size:
        texts, _ = _decoded(zxingcpp, gray)
        if texts:
            return texts
    thinned = cv2.dilate(gray, np.ones((SPREAD_THIN_PX, SPREAD_THIN_PX), np.uint8))
    return _decoded(zxingcpp, thinned)[0]


def _decoded(zxingcpp, image: np.ndarray) -> tuple[list[str], bool]:
    """(the texts of the codes decoded, whether a symbol was seen that gave none: its check
    failed). Nothing where the decoder faults: that must not cost the page."""
    try:
        found = zxingcpp.read_barcodes(image, return_errors=True)
    except Exception:
        return [], False
    texts = [r.text for r in found if r.text and not r.error]
    return texts, len(texts) < len(found)


def _ddmmyyyy(s: str) -> str | None:
    return vntext.parse_date(f"{s[:2]}/{s[2:4]}/{s[4:]}") if re.fullmatch(r"\d{8}", s) else None


def cccd_qr(text: str) -> dict[str, str]:
    """Chip CCCD front QR: ID12|CMND9|Họ tên|DDMMYYYY|Nam/Nữ|address|DDMMYYYY(issue)."""
    parts = text.split("|")
    if len(parts) < 6 or not re.fullmatch(r"\d{12}", parts[0]):
        return {}
    out = {"personal_id": parts[0], "full_name": vntext.squash(parts[2]),
           "date_of_birth": _ddmmyyyy(parts[3]), "sex": vntext.parse_sex(parts[4]),
           "place_of_residence": vntext.squash(parts[5])}
    return {k: v for k, v in out.items() if v}


# --- MRZ -----------------------------------------------------------------------------------

_MRZ_FIX = str.maketrans({"«": "<", "‹": "<", "(": "<", "{": "<", " ": ""})


def check_digit(field: str) -> int:
    """ICAO 9303: weights 7-3-1, '<' = 0, letters A=10 .. Z=35, sum mod 10."""
    total = 0
    for i, c in enumerate(field):
        v = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        total += v * (7, 3, 1)[i % 3]
    return total % 10


def _digits_in(s: str) -> str:
    # in digit positions OCR confuses O/0, I/1, S/5, B/8, Z/2
    return s.translate(str.maketrans("OIlSBZDQ", "01158200"))


def mrz_lines(text_lines: list[str]) -> list[str] | None:
    """The three 30-character lines of a TD1 MRZ, found among OCR lines."""
    cands = [ln.translate(_MRZ_FIX).upper() for ln in text_lines]
    for i in range(len(cands) - 2):
        a, b, c = cands[i:i + 3]
        if len(a) >= 28 and len(b) >= 28 and a[1:5] == "DVNM" and "<" in b:
            return ["I" + a[1:30], b[:30], c[:30]]
    return None


MRZ_NEVER_EXPIRES = "991231"  # the MRZ's expiry on a card that never expires (issued at 60 or over)


def _birth_century(birth: str, expiry: str | None, pid: str | None) -> int | None:
    """The century of a YYMMDD birth date: the id's century digit says it; without the id, the
    expiry does. Every card with an MRZ was issued from 2016 on, so it expires in 20YY on its
    holder's 14th, 25th, 40th or 60th birthday, or never (issued at 60 or over: born in the 1900s)."""
    if pid:
        return 1900 + 100 * (int(pid[3]) // 2)
    if expiry == MRZ_NEVER_EXPIRES:
        return 1900
    if expiry is None or expiry[2:] != birth[2:]:  # a milestone falls on the birthday itself
        return None
    age = (int(expiry[:2]) - int(birth[:2])) % 100
    if age not in CARD_AGES:
        return None
    return (2000 + int(expiry[:2]) - age) // 100 * 100


def cccd_mrz(lines: list[str]) -> dict[str, str]:
    """Values whose check digits hold; nothing from a line whose check fails."""
    l1, l2 = lines[0], lines[1]
    out: dict[str, str] = {}
    pid, cd = _digits_in(l1[15:27]), _digits_in(l1[29:30])
    if re.fullmatch(r"\d{12}", pid) and cd.isdigit() and check_digit(pid) == int(cd):
        out["personal_id"] = pid
    birth, birth_cd = _digits_in(l2[0:6]), _digits_in(l2[6:7])
    expiry, expiry_cd = _digits_in(l2[8:14]), _digits_in(l2[14:15])
    birth_ok = birth.isdigit() and birth_cd.isdigit() and check_digit(birth) == int(birth_cd)
    expiry_ok = expiry.isdigit() and expiry_cd.isdigit() and check_digit(expiry) == int(expiry_cd)
    if birth_ok:
        sex = {"M": "Nam", "F": "Nữ"}.get(l2[7:8])  # no check digit of its own: trusted where the birth's
        if sex:                                     # holds, which proves the line read in its place
            out["sex"] = sex
        century = _birth_century(birth, expiry if expiry_ok else None, out.get("personal_id"))
        if century:
            out["date_of_birth"] = vntext.parse_date(f"{birth[4:]}/{birth[2:4]}/{century + int(birth[:2])}") or ""
    if expiry_ok:
        if expiry == MRZ_NEVER_EXPIRES:
            out["expiry_date"] = vntext.INDEFINITE
        else:
            out["expiry_date"] = vntext.parse_date(f"{expiry[4:]}/{expiry[2:4]}/{2000 + int(expiry[:2])}") or ""
    return {k: v for k, v in out.items() if v}
