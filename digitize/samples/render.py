"""Page canvas for synthetic forms: fonts, the national header, labelled fields, signatures.

Everything is drawn in grayscale ("L") at 300 dpi on an A4 sheet; colour (paper tint, red
seals) is added when the sheet is scanned, which keeps drawing simple and fast.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

DPI = 300
A4 = (2480, 3508)

# Liberation 2.x covers Vietnamese (U+1EA0..U+1EF9); the 1.x fonts in .../liberation/ do not.
_FONT_FILES = {
    "serif": {
        "regular": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "bold": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
        "italic": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
        "bolditalic": "/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf",
    },
    "dejavu": {
        "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
        "italic": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
        "bolditalic": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf",
    },
    "sans": {
        "regular": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "bold": "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
        "italic": "/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf",
        "bolditalic": "/usr/share/fonts/truetype/liberation2/LiberationSans-BoldItalic.ttf",
    },
    "mono": {
        "regular": "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
        "bold": "/usr/share/fonts/truetype/liberation2/LiberationMono-Bold.ttf",
        "italic": "/usr/share/fonts/truetype/liberation2/LiberationMono-Italic.ttf",
        "bolditalic": "/usr/share/fonts/truetype/liberation2/LiberationMono-BoldItalic.ttf",
    },
}


@lru_cache(maxsize=256)
def font(size: int, style: str = "regular", family: str = "serif") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_FONT_FILES[family][style], size)


def ink(rng: random.Random) -> int:
    """Printer toner is never pure black; a little variation per document."""
    return rng.randint(0, 35)


@dataclass
class Style:
    """Per-document typographic choices, drawn once so one form looks consistent."""
    family: str = "serif"
    size: int = 52  # body text, px at 300 dpi (≈12.5 pt)
    leading: float = 1.55  # line height as a multiple of size
    ink: int = 20
    label_bold: bool = False
    value_bold: bool = False

    @classmethod
    def draw(cls, rng: random.Random) -> "Style":
        family = "dejavu" if rng.random() < 0.2 else "serif"
        size = rng.randint(46, 49) if family == "dejavu" else rng.randint(50, 54)
        return cls(family=family, size=size, leading=rng.uniform(1.45, 1.7), ink=ink(rng),
                   label_bold=rng.random() < 0.15, value_bold=rng.random() < 0.3)


class Page:
    """An A4 sheet with a text cursor `y` and left/right margins."""

    def __init__(self, style: Style, rng: random.Random, margins: tuple[int, int] | None = None):
        self.img = Image.new("L", A4, 255)
        self.d = ImageDraw.Draw(self.img)
        self.st = style
        self.rng = rng
        self.left, self.right = margins or (rng.randint(250, 320), A4[0] - rng.randint(170, 230))
        self.y = rng.randint(170, 240)

    # -- primitives ---------------------------------------------------------------------
    def f(self, style: str = "regular", size: int | None = None) -> ImageFont.FreeTypeFont:
        return font(size or self.st.size, style, self.st.family)

    def width(self, s: str, fnt) -> float:
        return self.d.textlength(s, font=fnt)

    def text(self, x: float, y: float, s: str, fnt, fill: int | None = None) -> float:
        """Draw s with its top-left at (x, y); return the x after it."""
        self.d.text((x, y), s, font=fnt, fill=self.st.ink if fill is None else fill)
        return x + self.width(s, fnt)

    def center(self, s: str, fnt, cx: float, y: float | None = None, underline: float = 0) -> float:
        y = self.y if y is None else y
        w = self.width(s, fnt)
        self.text(cx - w / 2, y, s, fnt)
        if underline:  # the short rule under "Độc lập - Tự do - Hạnh phúc" and the agency name
            uw = w * underline
            ly = y + fnt.size * 1.2
            self.d.line((cx - uw / 2, ly, cx + uw / 2, ly), fill=self.st.ink, width=3)
        return w

    @property
    def lh(self) -> int:
        return int(self.st.size * self.st.leading)

    def skip(self, lines: float = 1.0) -> None:
        self.y += int(self.lh * lines)

    # -- blocks -------------------------------------------------------------------------
    def national_header(self, left_lines: list[str], right: bool = True,
                        number: str | list[str] | None = None) -> None:
        """Left: issuing body in capitals (parent above); right: the national motto.

        `number` (e.g. "Số: 139/2020") is printed under the left block, as civil forms do.
        """
        size = int(self.st.size * 0.9)
        mid = (self.left + self.right) / 2
        # the two blocks may use the side margins a little, as real letterheads do
        lcx = (self.left - 60 + mid - 40) / 2
        rcx = (mid - 40 + self.right + 80) / 2
        rwidth = self.right + 80 - (mid - 40)
        self.lcx = lcx  # centre of the issuing-body block, for lines printed under it
        if not left_lines:  # declarations by citizens: the motto alone, centred
            rcx, rwidth = mid, self.right - self.left
        y0 = self.y
        y = y0
        for i, line in enumerate(left_lines):
            bold = i == len(left_lines) - 1 or len(left_lines) == 1
            fnt = self.f("bold" if bold else "regular", size)
            while self.width(line, fnt) > (mid - self.left) + 60 and fnt.size > 30:
                fnt = self.f("bold" if bold else "regular", fnt.size - 2)
            self.center(line, fnt, lcx, y, underline=0.45 if i == len(left_lines) - 1 else 0)
            y += int(size * 1.3)
        if number:
            y += int(size * 0.5)
            for line in [number] if isinstance(number, str) else number:
                self.center(line, self.f("regular", size), lcx, y)
                y += int(size * 1.3)
        yr = y0
        if right:
            fnt = self.f("bold", size)
            while self.width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fnt) > rwidth:
                fnt = self.f("bold", fnt.size - 2)
            self.center("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fnt, rcx, yr)
            yr += int(size * 1.3)
            self.center("Độc lập - Tự do - Hạnh phúc", self.f("bold", fnt.size + 2), rcx, yr, underline=1.0)
            yr += int(size * 1.3)
        self.y = max(y, yr) + int(size * 0.8)

    def title(self, s: str, size: int | None = None, gap: float = 1.2) -> None:
        size = size or int(self.st.size * 1.3)
        fnt = self.f("bold", size)
        for line in wrap(self, s, fnt, (self.right - self.left) * 0.92):
            self.center(line, fnt, (self.left + self.right) / 2)
            self.y += int(size * 1.3)
        self.y += int(self.st.size * (gap - 0.6))

    def centered(self, s: str, style: str = "italic", size: int | None = None) -> None:
        fnt = self.f(style, size)
        self.center(s, fnt, (self.left + self.right) / 2)
        self.y += int(fnt.size * 1.45)

    def para(self, s: str, style: str = "regular", indent: int = 0, x: float | None = None,
             right: float | None = None) -> None:
        """A free paragraph, wrapped to the margins."""
        fnt = self.f(style)
        x0 = self.left + indent if x is None else x
        for i, line in enumerate(wrap(self, s, fnt, (right or self.right) - x0, first_indent=0)):
            self.text(x0, self.y, line, fnt)
            self.y += self.lh

    def field(self, label: str, value: str, mode: str = "colon", x: float | None = None,
              right: float | None = None, value_bold: bool | None = None,
              below_if_long: bool = False) -> None:
        """One labelled value: `label value` on a line, wrapping onto following lines.

        mode "colon": value right after the label; "leader": dots between label and value;
        "trail": value then dots to the end of the line (a filled-in blank form);
        "below": value on the next line, indented (card-style captions).
        """
        x0 = self.left if x is None else x
        r = self.right if right is None else right
        lf = self.f("bold" if self.st.label_bold else "regular")
        vb = self.st.value_bold if value_bold is None else value_bold
        vf = self.f("bold" if vb else "regular")
        xv = self.text(x0, self.y, label, lf)
        if mode == "below":
            self.y += self.lh
            xv = x0 + self.st.size
        elif mode == "leader":
            dots = "." * self.rng.randint(4, 12)
            xv = self.text(xv + 6, self.y, dots, lf) + 8
        else:
            xv += self.width(" ", lf)
        first = value.split()[0] if value.split() else ""
        if mode != "below" and (self.width(first, vf) > r - xv or (
                below_if_long and self.width(value, vf) > r - xv)):  # no room after the label
            self.y += self.lh
            xv = x0 + self.st.size
        lines = wrap(self, value, vf, r - xv, rest_width=r - x0)
        for i, line in enumerate(lines):
            lx = xv if i == 0 else x0
            end = self.text(lx, self.y, line, vf)
            if mode == "trail" and i == len(lines) - 1:
                self._dots(end + 10, r)
            self.y += self.lh

    def columns(self, cells: list[tuple[str, str]], xs: list[float], mode: str = "colon") -> None:
        """Labelled values side by side (husband | wife), each wrapping inside its column;
        the cursor moves below the tallest."""
        y0, bottom = self.y, self.y
        for i, (label, value) in enumerate(cells):
            self.y = y0
            right = xs[i + 1] - self.st.size * 0.6 if i + 1 < len(xs) else self.right
            self.field(label, value, mode, x=xs[i], right=right, below_if_long=True)
            bottom = max(bottom, self.y)
        self.y = bottom

    def fields_row(self, items: list[tuple[str, str]], x: float | None = None,
                   right: float | None = None) -> None:
        """Several short label/value pairs on one line at evenly spread tab stops."""
        x0 = self.left if x is None else x
        r = self.right if right is None else right
        lf = self.f("bold" if self.st.label_bold else "regular")
        vf = self.f("bold" if self.st.value_bold else "regular")
        step = (r - x0) / len(items)
        cx = x0
        for i, (label, value) in enumerate(items):
            tab = x0 + step * i
            cx = max(cx + self.st.size, tab) if i else tab
            cx = self.text(cx, self.y, label, lf) + self.width(" ", lf)
            cx = self.text(cx, self.y, value, vf)
        self.y += self.lh

    def _dots(self, x0: float, x1: float) -> None:
        fnt = self.f("regular")
        dw = self.width(".", fnt)
        if x1 - x0 > dw * 3:
            self.text(x0, self.y, "." * int((x1 - x0) / dw), fnt)

    def place_date(self, place: str, date, cx: float | None = None, prefix: str = "") -> None:
        """`Hà Nội, ngày 04 tháng 01 năm 2024` in italics, centred over the signature column."""
        cx = cx if cx is not None else self.left + (self.right - self.left) * 0.72
        s = f"{prefix}{place}, ngày {date.day:02d} tháng {date.month:02d} năm {date.year}"
        fnt = self.f("italic")
        while self.width(s, fnt) > (self.right - cx) * 2 - 10 and fnt.size > 36:
            fnt = self.f("italic", fnt.size - 2)
        self.center(s, fnt, min(cx, self.right - self.width(s, fnt) / 2))
        self.y += self.lh

    def signature(self, title_lines: list[str], name: str, cx: float | None = None,
                  note: str | None = "(Ký, ghi rõ họ tên, đóng dấu)", stamp: bool = False) -> None:
        cx = cx if cx is not None else self.left + (self.right - self.left) * 0.72
        y = self.y
        for line in title_lines:
            self.center(line, self.f("bold"), cx, y)
            y += int(self.st.size * 1.3)
        if note:
            self.center(note, self.f("italic", int(self.st.size * 0.85)), cx, y)
            y += int(self.st.size * 1.2)
        scribble(self, cx, y + 130, self.rng)
        if stamp:
            stamp_ring(self, cx - 220, y + 60)
        y += 300
        if name:
            self.center(name, self.f("bold"), cx, y)
            y += self.lh
        self.y = y

    def table(self, header: list[str], rows: list[list[str]], widths: list[float],
              size: int | None = None) -> None:
        """A ruled table; `widths` are shares of the text width. Cells wrap."""
        size = size or int(self.st.size * 0.85)
        hf, bf = self.f("bold", size), self.f("regular", size)
        total = self.right - self.left
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + total * w)
        pad = 12
        for r, row in enumerate([header] + rows):
            fnt = hf if r == 0 else bf
            cells = [wrap(self, c, fnt, xs[i + 1] - xs[i] - 2 * pad) for i, c in enumerate(row)]
            h = max(len(c) for c in cells) * int(size * 1.3) + 2 * pad
            for i, lines in enumerate(cells):
                for k, line in enumerate(lines):
                    ly = self.y + pad + k * int(size * 1.3)
                    if r == 0:
                        self.center(line, fnt, (xs[i] + xs[i + 1]) / 2, ly)
                    else:
                        self.text(xs[i] + pad, ly, line, fnt)
            for x in xs:
                self.d.line((x, self.y, x, self.y + h), fill=self.st.ink, width=2)
            self.d.line((xs[0], self.y, xs[-1], self.y), fill=self.st.ink, width=2)
            self.y += h
        self.d.line((xs[0], self.y, xs[-1], self.y), fill=self.st.ink, width=2)
        self.y += int(size * 0.8)


def wrap(page: Page, s: str, fnt, width: float, first_indent: float = 0,
         rest_width: float | None = None) -> list[str]:
    """Greedy word wrap; the first line may be narrower (it follows a label)."""
    words = s.split()
    lines: list[str] = []
    cur = ""
    limit = width - first_indent
    for w in words:
        cand = f"{cur} {w}" if cur else w
        if cur and page.width(cand, fnt) > limit:
            lines.append(cur)
            cur = w
            limit = rest_width if rest_width is not None else width
        else:
            cur = cand
    if cur or not lines:
        lines.append(cur)
    return lines


def scribble(page: Page, cx: float, cy: float, rng: random.Random) -> None:
    """A handwritten-looking signature: a few connected random loops."""
    pts = []
    x = cx - rng.randint(120, 200)
    for _ in range(rng.randint(6, 10)):
        x += rng.randint(25, 60)
        pts.append((x, cy + rng.randint(-60, 50)))
    page.d.line(pts, fill=60, width=5, joint="curve")
    page.d.line((pts[0][0] - 20, cy + 40, pts[-1][0] + 30, cy + rng.randint(-30, 10)), fill=60, width=4)


def stamp_ring(page: Page, cx: float, cy: float) -> None:
    """The round seal over the signature: put on when the sheet is scanned (`seal`), red on a
    colour scan, so that it lies over everything drawn on the page."""
    page.img.info.setdefault("seals", []).append((int(cx), int(cy)))


SEAL_RED = (200, 35, 45)
SEAL_TEXT = "ỦY BAN NHÂN DÂN • "


def seal(img: Image.Image, cx: int, cy: int) -> None:
    """Draw a seal on a scanned sheet: on a gray scan two faint rings and a star (kept light so
    the text under it stays legible); on a colour one a red seal as on real papers, two rings,
    a star and its body's name round the ring, over the text."""
    d = ImageDraw.Draw(img)
    r = 170
    if img.mode == "L":
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=175, width=8)
        d.ellipse((cx - r + 30, cy - r + 30, cx + r - 30, cy + r - 30), outline=190, width=4)
        d.regular_polygon((cx, cy, 35), 5, outline=180, fill=None)
        return
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=SEAL_RED, width=10)
    d.ellipse((cx - r + 60, cy - r + 60, cx + r - 60, cy + r - 60), outline=SEAL_RED, width=4)
    star = [(cx + rr * math.sin(math.pi * k / 5), cy - rr * math.cos(math.pi * k / 5))
            for k, rr in zip(range(10), [50, 20] * 5)]
    d.polygon(star, fill=SEAL_RED)
    fnt = font(30, "bold", "sans")
    text = SEAL_TEXT * 2
    for i, ch in enumerate(text):
        a = 2 * math.pi * i / len(text) - math.pi / 2
        d.text((cx + (r - 32) * math.cos(a), cy + (r - 32) * math.sin(a)), ch, font=fnt, fill=SEAL_RED, anchor="mm")


def paste_qr(page_img: Image.Image, data: str, x: int, y: int, size: int) -> None:
    import qrcode

    qr = qrcode.QRCode(border=1, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    im = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    page_img.paste(im.resize((size, size), Image.NEAREST), (x, y))
