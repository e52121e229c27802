"""One-stop-shop receipt, Mẫu số 01 of TT 01/2018/TT-VPCP (DOMAIN §3), with the dossier code
in a QR at the top left and as a barcode under the agency name."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from ..people import dmy
from ..render import Page, Style, paste_qr
from .common import Ctx, Doc, police, signer, upper

# How each document is listed in the receipt's table of submitted papers.
PAPER_NAMES = {
    "application_form": ("Tờ khai", "Bản chính"),
    "cccd": ("Căn cước công dân", "Bản sao"),
    "birth_certificate": ("Giấy khai sinh", "Bản sao"),
    "marriage_certificate": ("Giấy chứng nhận kết hôn", "Bản sao"),
    "residence_confirmation": ("Xác nhận thông tin về cư trú", "Bản chính"),
    "death_certificate": ("Trích lục khai tử", "Bản sao"),
    "land_use_certificate": ("Giấy chứng nhận quyền sử dụng đất", "Bản chính"),
}


def working_days_after(d, n: int):
    while n:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def barcode(pg: Page, x: float, y: float, w: float, h: float, data: str) -> None:
    """A 1-D barcode look-alike (bars derived from the code; not meant to be decoded)."""
    r = random.Random(data)
    cx = x
    while cx < x + w:
        bw = r.choice([3, 3, 6, 9])
        pg.d.rectangle((cx, y, cx + bw - 1, y + h), fill=pg.st.ink)
        cx += bw + r.choice([3, 6, 9])


def render(ctx: Ctx) -> Doc:
    rng, a = ctx.rng, ctx.applicant
    received = datetime.combine(ctx.day, time(rng.randint(7, 16), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])))
    due = working_days_after(ctx.day, rng.choice([3, 5, 7, 10, 12, 15]))
    due_t = time(rng.choice([8, 9, 10, 14, 15, 16]), rng.choice([0, 30]))
    office = ctx.office
    if rng.random() < 0.5:
        header = [f"UBND {upper(office.district)}", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"]
    else:
        header = ["ỦY BAN NHÂN DÂN " + upper(office.commune), "BỘ PHẬN MỘT CỬA"]
    title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    proc_label = rng.choice(["Nội dung yêu cầu giải quyết:", "Thủ tục hành chính cần giải quyết:"])

    st = Style.draw(rng)
    st.size = min(st.size, 50)
    pg = Page(st, rng)
    qs = rng.randint(230, 300)
    paste_qr(pg.img, ctx.code, pg.left - 60, pg.y - 60, qs)
    pg.y += qs - 40
    top = pg.y
    pg.national_header(header)
    # Mã hồ sơ and its barcode under the agency block
    lcx = pg.lcx
    f = pg.f("regular", int(st.size * 0.9))
    pg.y = max(pg.y, top + int(st.size * 3.3))
    barcode(pg, lcx - 330, pg.y, 660, 70, ctx.code)
    pg.y += 85
    pg.center(f"Mã hồ sơ: {ctx.code}", f, lcx)
    pg.y += int(st.size * 1.8)
    pg.title(title, size=int(st.size * 1.3))
    pg.centered(rng.choice(["(Liên: Lưu/Giao người nộp hồ sơ)", "(Liên 1: Giao cho người nộp hồ sơ)"]),
                size=int(st.size * 0.85))
    pg.skip(0.3)
    unit = "Bộ phận tiếp nhận và trả kết quả" + (f" {office.commune}" if rng.random() < 0.5 else "")
    pg.field(rng.choice(["Tiếp nhận hồ sơ của:", "Tiếp nhận hồ sơ của ông/bà:"]), a.full_name, value_bold=True)
    pg.field("Địa chỉ:", a.residence.full())
    pg.fields_row([("Số điện thoại:", a.phone), ("Email:", "")])
    pg.field(proc_label, ctx.procedure)
    pg.para("1. Thành phần hồ sơ nộp gồm:")
    rows = []
    for i, t in enumerate([t for t in ctx.extra.get("wanted", []) if t != "receipt"], 1):
        name, kind = PAPER_NAMES[t]
        rows.append([str(i), name, kind, "01"])
    if not rows:
        rows = [["1", "Tờ khai", "Bản chính", "01"]]
    pg.table(["TT", "Tên giấy tờ", "Hình thức", "Số lượng"], rows, [0.08, 0.55, 0.22, 0.15])
    pg.para("2. Số lượng hồ sơ: 01 (bộ)")
    days = (due - ctx.day).days
    pg.para(f"3. Thời gian giải quyết hồ sơ theo quy định là: {days:02d} ngày")
    # dates as numbers, or in words that run long enough for the year to wrap onto the next line
    spelled = rng.random() < 0.4
    when = (lambda d: f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}") if spelled else (lambda d: f"ngày {dmy(d)}")
    pg.para(f"4. Thời gian nhận hồ sơ: {received:%H} giờ {received:%M} phút, {when(ctx.day)}")
    pg.para(f"5. Thời gian trả kết quả giải quyết hồ sơ: {due_t:%H} giờ {due_t:%M} phút, {when(due)}")
    pg.para(f"6. Đăng ký nhận kết quả tại: {unit}")
    pg.para(f"Vào Sổ theo dõi hồ sơ, Quyển số: {rng.randint(1, 9):02d}  Số thứ tự: {rng.randint(1, 999)}")
    pg.skip(0.6)
    y = pg.y
    pg.signature(["NGƯỜI NỘP HỒ SƠ"], a.full_name.title(), cx=pg.left + (pg.right - pg.left) * 0.22,
                 note="(Ký và ghi rõ họ tên)")
    pg.y = y
    pg.signature(["NGƯỜI TIẾP NHẬN HỒ SƠ"], signer(rng).title(), cx=pg.left + (pg.right - pg.left) * 0.75,
                 note="(Ký và ghi rõ họ tên)")
    fields = {"dossier_code": ctx.code, "procedure_name": ctx.procedure, "applicant_name": a.full_name,
              "received_date": ctx.day.isoformat(), "appointment_date": due.isoformat()}
    return Doc("receipt", [pg.img], fields, "phieu_hen")



def render_table(ctx: Ctx) -> Doc:
    """A local system's print-out: police header, `PHIẾU …` title, the particulars in a ruled
    label | value table (the values sit in cells, not after colons)."""
    rng, a = ctx.rng, ctx.applicant
    received = datetime.combine(ctx.day, time(rng.randint(7, 16), rng.choice([0, 10, 15, 25, 30, 45])))
    due = working_days_after(ctx.day, rng.choice([2, 3, 5, 7]))
    due_t = time(rng.choice([8, 9, 14, 15]), rng.choice([0, 30]))
    if "trú" in ctx.procedure:  # residence procedures are received by the commune police
        header, office = police(a.residence, rng)
    else:
        header = [f"UBND {upper(a.residence.district)}", "BỘ PHẬN MỘT CỬA"]
        office = f"Ủy ban nhân dân {a.residence.commune}"
    title = rng.choice(["PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "PHIẾU BIÊN NHẬN HỒ SƠ"])

    st = Style.draw(rng)
    st.size = min(st.size, 50)
    pg = Page(st, rng)
    qs = rng.randint(230, 280)
    paste_qr(pg.img, ctx.code, pg.left - 60, pg.y - 60, qs)
    pg.y += qs - 40
    pg.national_header(header)
    barcode(pg, pg.lcx - 300, pg.y, 600, 60, ctx.code)
    pg.y += 75
    pg.center(f"Mã hồ sơ: {ctx.code}", pg.f("bold", int(st.size * 0.9)), pg.lcx)
    pg.y += int(st.size * 1.8)
    pg.title(title, size=int(st.size * 1.3))
    rows = [["Tiếp nhận hồ sơ của", a.full_name],
            ["Số định danh cá nhân", a.personal_id],
            ["Địa chỉ", a.residence.full()],
            ["Số điện thoại", a.phone],
            ["Thủ tục hành chính", ctx.procedure],
            ["Số lượng hồ sơ", "01 (bộ)"],
            ["Thời gian nhận hồ sơ", f"{received:%H} giờ {received:%M} phút, ngày {dmy(ctx.day)}"],
            ["Thời gian trả kết quả", f"{due_t:%H} giờ {due_t:%M} phút, ngày {dmy(due)}"],
            ["Nơi trả kết quả", f"Bộ phận tiếp nhận và trả kết quả, {office}"]]
    pg.table(["Nội dung", "Thông tin"], rows, [0.34, 0.66], size=st.size)
    pg.para("Thành phần hồ sơ gồm:", style="bold")
    for i, t in enumerate([t for t in ctx.extra.get("wanted", []) if t != "receipt"], 1):
        name, kind = PAPER_NAMES[t]
        pg.para(f"{i}. {name} ({kind.lower()})", indent=st.size)
    pg.skip(0.6)
    y = pg.y
    pg.signature(["NGƯỜI NỘP HỒ SƠ"], a.full_name.title(), cx=pg.left + (pg.right - pg.left) * 0.22,
                 note="(Ký và ghi rõ họ tên)")
    pg.y = y
    pg.signature(["CÁN BỘ TIẾP NHẬN"], signer(rng).title(), cx=pg.left + (pg.right - pg.left) * 0.75,
                 note="(Ký và ghi rõ họ tên)")
    fields = {"dossier_code": ctx.code, "procedure_name": ctx.procedure, "applicant_name": a.full_name,
              "received_date": ctx.day.isoformat(), "appointment_date": due.isoformat()}
    return Doc("receipt", [pg.img], fields, "phieu_hen")


LAYOUTS = [render, render_table]
