"""Identity cards scanned on an A4 page: the chip CCCD (2021-2024) and the Căn cước (from 7/2024).

The card (85.6 x 54 mm) is drawn at `s` times its 300-dpi size so its small print stays about
30+ px tall, the way a clerk scans a card enlarged; captions are bilingual (DOMAIN §5).
"""
from __future__ import annotations

import math
from datetime import date, timedelta

from PIL import Image, ImageDraw

from ..people import add_years, card_expiry, deaccent, dmy, random_date
from ..render import A4, font, paste_qr
from .common import Ctx, Doc, signer

CARD = (1011, 638)  # px at 300 dpi
RED = (190, 30, 35)
INK = (25, 25, 30)


# -- MRZ (ICAO 9303 TD1) ---------------------------------------------------------------------
def check_digit(s: str) -> str:
    total = 0
    for i, ch in enumerate(s):
        v = 0 if ch == "<" else int(ch) if ch.isdigit() else ord(ch) - 55
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def mrz(pid: str, name: str, dob: date, sex: str, expiry: date | None) -> list[str]:
    doc = pid[-9:]
    l1 = "IDVNM" + doc + check_digit(doc) + pid + "<<" + check_digit(pid)
    b = dob.strftime("%y%m%d")
    e = expiry.strftime("%y%m%d") if expiry else "991231"
    l2 = b + check_digit(b) + ("M" if sex == "Nam" else "F") + e + check_digit(e) + "VNM"
    l2 = l2.ljust(29, "<")
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    parts = deaccent(name).upper().split()
    l3 = (parts[0] + "<<" + "<".join(parts[1:]))[:30].ljust(30, "<")
    return [l1, l2, l3]


# -- card drawing ----------------------------------------------------------------------------
class Card:
    def __init__(self, ctx: Ctx, s: float, tint: tuple[int, int, int]):
        self.s = s
        self.W, self.H = int(CARD[0] * s), int(CARD[1] * s)
        self.img = Image.new("RGB", (self.W, self.H), tint)
        self.d = ImageDraw.Draw(self.img)
        self.rng = ctx.rng
        self._guilloche(tint)

    def _guilloche(self, tint) -> None:
        """Faint security waves: texture that real scans show, light enough not to hurt OCR."""
        light = tuple(max(0, c - 14) for c in tint)
        for k in range(0, self.H, int(22 * self.s)):
            pts = [(x, k + 9 * self.s * math.sin(x / (40 * self.s) + k))
                   for x in range(0, self.W + 20, 20)]
            self.d.line(pts, fill=light, width=2)

    def px(self, fx: float, fy: float) -> tuple[int, int]:
        return int(fx * self.W), int(fy * self.H)

    def text(self, fx, fy, s, size, style="regular", fill=INK, family="sans", center=False):
        f = font(int(size * self.s), style, family)
        x, y = self.px(fx, fy)
        if center:
            x -= self.d.textlength(s, font=f) / 2
        self.d.text((x, y), s, font=f, fill=fill)
        return x + self.d.textlength(s, font=f)

    def wrapped(self, fx, fy, caption, value, size, vsize, right=0.97, step=0.058):
        """Caption then value on the same line, the value wrapping back to the column start.
        Returns the next fy."""
        x = self.text(fx, fy, caption + " ", size)
        f = font(int(vsize * self.s), "bold", "sans")
        words, line, lines = value.split(), "", []
        limit = right * self.W - x
        for w in words:
            cand = f"{line} {w}".strip()
            if line and self.d.textlength(cand, font=f) > limit:
                lines.append(line)
                line, limit = w, (right - fx) * self.W
            else:
                line = cand
        lines.append(line)
        for i, ln in enumerate(lines):
            xx = x if i == 0 else fx * self.W
            self.d.text((xx, (fy + i * step) * self.H), ln, font=f, fill=INK)
        return fy + len(lines) * step

    def emblem(self, fx, fy, r) -> None:
        x, y = self.px(fx, fy)
        R = int(r * self.s)
        self.d.ellipse((x - R, y - R, x + R, y + R), fill=RED, outline=(200, 160, 40), width=int(4 * self.s))
        self.d.regular_polygon((x, y, R * 0.55), 5, fill=(240, 200, 50))

    def photo(self, fx, fy, fw, fh) -> None:
        x, y = self.px(fx, fy)
        w, h = int(fw * self.W), int(fh * self.H)
        self.d.rectangle((x, y, x + w, y + h), fill=(205, 215, 225))
        self.d.ellipse((x + w * 0.28, y + h * 0.12, x + w * 0.72, y + h * 0.58), fill=(120, 110, 105))
        self.d.chord((x + w * 0.08, y + h * 0.6, x + w * 0.92, y + h * 1.35), 180, 360, fill=(60, 60, 75))

    def header(self, en: bool = True) -> float:
        y = 0.045
        self.text(0.56, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 17, "bold", center=True)
        y += 0.052
        if en:
            self.text(0.56, y, "SOCIALIST REPUBLIC OF VIET NAM", 14, center=True)
            y += 0.045
        self.text(0.56, y, "Độc lập - Tự do - Hạnh phúc", 17, "bold", center=True)
        y += 0.052
        if en:
            self.text(0.56, y, "Independence - Freedom - Happiness", 14, center=True)
            y += 0.045
        return y

    def mrz(self, lines: list[str]) -> None:
        f = font(int(27 * self.s), "regular", "mono")
        for i, ln in enumerate(lines):
            self.d.text((0.05 * self.W, (0.68 + i * 0.1) * self.H), ln, font=f, fill=INK)

    def fingerprint(self, fx, fy, fw, fh, caption) -> None:
        x, y = self.px(fx, fy)
        w, h = int(fw * self.W), int(fh * self.H)
        self.d.rectangle((x, y, x + w, y + h), outline=(120, 120, 130), width=2)
        for k in range(4, 24, 3):
            self.d.ellipse((x + w / 2 - k * w / 60, y + h / 2 - k * h / 50, x + w / 2 + k * w / 60,
                            y + h / 2 + k * h / 50), outline=(150, 150, 160), width=2)
        self.text(fx + fw / 2, fy + fh + 0.01, caption, 11, center=True)

    def chip(self, fx, fy) -> None:
        x, y = self.px(fx, fy)
        w, h = int(0.11 * self.W), int(0.16 * self.H)
        self.d.rounded_rectangle((x, y, x + w, y + h), radius=int(8 * self.s), fill=(205, 175, 90),
                                 outline=(150, 120, 50), width=2)
        self.d.line((x + w / 2, y, x + w / 2, y + h), fill=(150, 120, 50), width=2)
        self.d.line((x, y + h / 2, x + w, y + h / 2), fill=(150, 120, 50), width=2)


def on_page(card: Card, ctx: Ctx) -> Image.Image:
    """Paste the card, maybe tilted a few degrees, near the top of a white A4 scan."""
    rng = ctx.rng
    page = Image.new("RGB", A4, (255, 255, 255))
    img = card.img
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, img.width - 1, img.height - 1), radius=int(30 * card.s), fill=255)
    # a thin shadow edge, as a flatbed shows around a card
    ImageDraw.Draw(img).rounded_rectangle((0, 0, img.width - 1, img.height - 1), radius=int(30 * card.s),
                                          outline=(150, 150, 150), width=3)
    if rng.random() < 0.5:
        angle = rng.uniform(-4, 4)
        img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
        mask = mask.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=0)
    x = max(40, (A4[0] - img.width) // 2 + rng.randint(-120, 120))
    y = rng.randint(150, 700)
    page.paste(img, (min(x, A4[0] - img.width - 20), y), mask)
    return page


def _tint(rng) -> tuple[int, int, int]:
    return rng.choice([(226, 238, 242), (232, 240, 230), (240, 236, 226), (236, 236, 244)])


def chip_cccd(ctx: Ctx, with_back: bool) -> Doc:
    """CCCD with chip: all fields on the front, MRZ and issue date on the back."""
    rng, a = ctx.rng, ctx.applicant
    hi = min(date(2024, 6, 28), ctx.day - timedelta(days=10))
    issued = random_date(rng, min(hi, max(date(2021, 3, 1), add_years(a.dob, 14))), hi)
    expiry = card_expiry(a.dob, issued, (25, 40, 60))
    origin = a.origin.short()
    residence = a.residence.short()
    s = rng.uniform(1.9, 2.1)
    c = Card(ctx, s, _tint(rng))
    c.emblem(0.12, 0.16, 62)
    c.header()
    c.text(0.56, 0.25, "CĂN CƯỚC CÔNG DÂN", 30, "bold", fill=RED, center=True)
    c.text(0.56, 0.315, "Citizen Identity Card", 15, "italic", center=True)
    qr = f"{a.personal_id}|{a.cmnd}|{a.full_name}|{a.dob:%d%m%Y}|{a.sex}|{residence}|{issued:%d%m%Y}"
    qs = int(0.16 * c.W)
    paste_qr(c.img, qr, int(0.82 * c.W), int(0.05 * c.H), qs)
    c.photo(0.04, 0.37, 0.2, 0.4)
    c.text(0.03, 0.80, "Có giá trị đến: " + (dmy(expiry) if expiry else "Không thời hạn"), 14.5)
    c.text(0.03, 0.85, "Date of expiry", 13, "italic")
    x = 0.27
    c.text(x, 0.37, "Số / No.:", 17)
    c.text(x + 0.14, 0.355, a.personal_id, 27, "bold", family="sans")
    c.text(x, 0.445, "Họ và tên / Full name:", 15)
    c.text(x, 0.495, a.full_name, 22, "bold")
    c.text(x, 0.565, "Ngày sinh / Date of birth:", 15)
    c.text(x + 0.285, 0.56, dmy(a.dob), 18, "bold")
    c.text(x, 0.625, "Giới tính / Sex:", 15)
    c.text(x + 0.18, 0.62, a.sex, 18, "bold")
    c.text(x + 0.28, 0.625, "Quốc tịch / Nationality:", 15)
    c.text(x + 0.54, 0.62, a.nationality, 18, "bold")
    c.text(x, 0.685, "Quê quán / Place of origin:", 15)
    c.text(x, 0.735, origin, 18, "bold")
    c.wrapped(x, 0.80, "Nơi thường trú / Place of residence:", residence, 15, 18)
    pages = [on_page(c, ctx)]
    if with_back:
        b = Card(ctx, s, _tint(rng))
        b.text(0.04, 0.05, "Đặc điểm nhận dạng / Personal identification:", 14)
        b.text(0.04, 0.11, rng.choice(["Nốt ruồi C:1cm trên sau đầu lông mày trái",
                                        "Sẹo chấm C:2cm dưới trước cánh mũi phải",
                                        "Nốt ruồi C:1,5cm dưới sau mép trái"]), 15, "bold")
        b.text(0.04, 0.19, "Ngày, tháng, năm / Date, month, year: " + dmy(issued), 14)
        b.text(0.25, 0.26, "CỤC TRƯỞNG CỤC CẢNH SÁT", 14, "bold", center=True)
        b.text(0.25, 0.31, "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", 14, "bold", center=True)
        b.text(0.25, 0.52, signer(rng), 15, "bold", center=True)
        b.fingerprint(0.58, 0.2, 0.17, 0.32, "Ngón trỏ trái")
        b.fingerprint(0.79, 0.2, 0.17, 0.32, "Ngón trỏ phải")
        b.chip(0.04, 0.4)
        b.mrz(mrz(a.personal_id, a.full_name, a.dob, a.sex, expiry))
        pages.append(on_page(b, ctx))
    fields = {
        "personal_id": a.personal_id, "full_name": a.full_name, "date_of_birth": a.dob.isoformat(),
        "sex": a.sex, "nationality": a.nationality, "place_of_origin": origin,
        "place_of_residence": residence, "expiry_date": expiry.isoformat() if expiry else "indefinite",
    }
    return Doc("cccd", pages, fields, "cccd", card=True)


def can_cuoc(ctx: Ctx, with_back: bool) -> Doc:
    """Căn cước (from 1/7/2024): the front has no origin, residence or expiry; the back has
    residence, place of birth registration, issue and expiry dates, QR and MRZ."""
    rng, a = ctx.rng, ctx.applicant
    lo = date(2024, 7, 1)
    hi = max(lo, ctx.day - timedelta(days=5))
    issued = random_date(rng, lo, hi)
    expiry = card_expiry(a.dob, issued, (14, 25, 40, 60))
    residence = a.residence.full(caps=True) if rng.random() < 0.5 else a.residence.short()
    s = rng.uniform(1.9, 2.1)
    c = Card(ctx, s, _tint(rng))
    c.emblem(0.11, 0.15, 58)
    y = c.header(en=True)
    c.text(0.56, y + 0.01, "CĂN CƯỚC", 32, "bold", fill=RED, center=True)
    c.text(0.56, y + 0.075, "IDENTITY CARD", 16, "bold", fill=RED, center=True)
    c.photo(0.04, 0.40, 0.2, 0.42)
    x = 0.28
    c.text(x, 0.42, "Số định danh cá nhân / Personal identification number:", 14)
    c.text(x, 0.465, a.personal_id, 27, "bold")
    c.text(x, 0.55, "Họ, chữ đệm và tên khai sinh / Full name:", 14)
    c.text(x, 0.595, a.full_name, 22, "bold")
    c.text(x, 0.675, "Ngày, tháng, năm sinh / Date of birth:", 14)
    c.text(x + 0.43, 0.67, dmy(a.dob), 18, "bold")
    c.text(x, 0.745, "Giới tính / Sex:", 14)
    c.text(x + 0.17, 0.74, a.sex, 18, "bold")
    c.text(x + 0.3, 0.745, "Quốc tịch / Nationality:", 14)
    c.text(x + 0.55, 0.74, a.nationality, 18, "bold")
    pages = [on_page(c, ctx)]
    fields = {"personal_id": a.personal_id, "full_name": a.full_name, "date_of_birth": a.dob.isoformat(),
              "sex": a.sex, "nationality": a.nationality, "place_of_origin": None,
              "place_of_residence": None, "expiry_date": None}
    if with_back:
        b = Card(ctx, s, _tint(rng))
        paste_qr(b.img, f"{a.personal_id}||{a.full_name}|{a.dob:%d%m%Y}|{a.sex}|{residence}|{issued:%d%m%Y}",
                 int(0.04 * b.W), int(0.05 * b.H), int(0.15 * b.W))
        fy = b.wrapped(0.22, 0.05, "Nơi cư trú / Place of residence:", residence, 14, 16, step=0.062)
        birthplace = a.origin.short() if rng.random() < 0.5 else a.residence.short()
        fy = b.wrapped(0.22, fy + 0.01, "Nơi đăng ký khai sinh / Place of birth:", birthplace, 14, 16, step=0.062)
        b.text(0.22, fy + 0.01, "Ngày, tháng, năm cấp / Date of issue: " + dmy(issued), 14)
        b.text(0.22, fy + 0.07, "Ngày, tháng, năm hết hạn / Date of expiry: "
               + (dmy(expiry) if expiry else "Không thời hạn"), 14)
        b.text(0.75, 0.45, "BỘ CÔNG AN/MINISTRY OF PUBLIC SECURITY", 13, "bold", center=True)
        b.chip(0.04, 0.38)
        b.mrz(mrz(a.personal_id, a.full_name, a.dob, a.sex, expiry))
        pages.append(on_page(b, ctx))
        fields["place_of_residence"] = residence
        fields["expiry_date"] = expiry.isoformat() if expiry else "indefinite"
        if CANCUOC_ORIGIN_FROM_BIRTHPLACE:
            fields["place_of_origin"] = birthplace
    return Doc("cccd", pages, fields, "can_cuoc", card=True)


# DOMAIN §5 leaves open whether `place_of_origin` takes the Căn cước's `Nơi đăng ký khai sinh`.
# It is a different thing (place of birth registration, not quê quán), so the truth keeps null.
CANCUOC_ORIGIN_FROM_BIRTHPLACE = False


def render(ctx: Ctx) -> Doc:
    return chip_cccd(ctx, with_back=ctx.rng.random() < 0.4)


def render_can_cuoc(ctx: Ctx) -> Doc:
    if ctx.day < date(2024, 7, 20):  # the Căn cước did not exist yet
        return render(ctx)
    return can_cuoc(ctx, with_back=ctx.rng.random() < 0.6)


LAYOUTS = [render, render_can_cuoc]
