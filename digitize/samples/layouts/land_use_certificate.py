"""Land-use certificate, 2009-2024 form (TT 23/2014, DOMAIN §8), two pages: the holder and the
serial on page 1, the parcel and the signature block (issuing authority) on page 2."""
from __future__ import annotations

from datetime import date, timedelta

from ..people import bare, add_years, number_words, random_address, random_date
from ..places import PROVINCES
from ..render import Page, Style, paste_qr
from .common import Ctx, Doc, signer, upper

PURPOSES = ["Đất ở tại nông thôn", "Đất ở tại đô thị", "Đất trồng cây lâu năm", "Đất trồng lúa",
            "Đất ở tại đô thị: 80,0 m²; Đất trồng cây lâu năm: 45,5 m²"]
SERIAL_LETTERS = ["AK", "BA", "BH", "BK", "BN", "BX", "CA", "CD", "CĐ", "CH", "CK", "CS", "CY", "DA", "DB"]


def area_text(area: float) -> str:
    """`761,2` as printed (decimal comma)."""
    return f"{area:.1f}".replace(".", ",")


def area_words(area: float) -> str:
    whole, dec = f"{area:.1f}".split(".")
    w = number_words(int(whole))
    if dec != "0":
        w += " phẩy " + number_words(int(dec))
    return (w + " mét vuông").capitalize()


def parcel(ctx: Ctx) -> dict:
    rng = ctx.rng
    holder = ctx.deceased if ctx.deceased else ctx.applicant
    hi = min(date(2024, 7, 30), ctx.day - timedelta(days=60))
    issued = random_date(rng, min(hi, max(date(2010, 1, 1), add_years(holder.dob, 20))), hi)
    if ctx.deceased:
        issued = min(issued, ctx.deceased.extra["date_of_death"] - timedelta(days=30))
    land = random_address(rng, holder.residence.province)
    purpose = rng.choice(PURPOSES[:4]) if rng.random() < 0.85 else PURPOSES[4]
    if land.commune.startswith("xã") and purpose == "Đất ở tại đô thị":
        purpose = "Đất ở tại nông thôn"
    area = round(rng.uniform(45, 900), 1) if rng.random() < 0.7 else float(rng.randint(50, 400))
    if ";" in purpose:
        area = 125.5
    return dict(holder=holder, issued=issued, land=land, purpose=purpose, area=area,
                number=str(rng.randint(12, 980)), sheet=str(rng.randint(1, 64)),
                serial=f"{rng.choice(SERIAL_LETTERS)} {rng.randint(0, 999999):06d}")


def holder_id(holder, issued: date) -> tuple[str, str]:
    if issued.year < 2016 and holder.cmnd:
        return "CMND số:", holder.cmnd
    return "CCCD số:", holder.personal_id


def authority(ctx: Ctx, land, issued: date) -> tuple[list[str], str]:
    """Signature-block lines and the body's ordinary-case name: the district People's Committee
    before 2015, the provincial Department of Natural Resources and Environment after."""
    if issued.year < 2015:
        name = f"Ủy ban nhân dân {land.district}"
        return [f"TM. ỦY BAN NHÂN DÂN {upper(land.district)}", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name
    name = f"Sở Tài nguyên và Môi trường {land.province_full}"
    return ["SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", upper(land.province_full), "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name


def render(ctx: Ctx) -> Doc:
    rng = ctx.rng
    p = parcel(ctx)
    h, land, issued = p["holder"], p["land"], p["issued"]
    id_label, id_no = holder_id(h, issued)
    sign_lines, auth = authority(ctx, land, issued)
    land_addr = land.full()

    st = Style.draw(rng)
    pg = Page(st, rng)
    pg.national_header([])
    pg.skip(1.5)
    pg.title("GIẤY CHỨNG NHẬN", size=int(st.size * 1.9), gap=0.6)
    pg.title("QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
             size=int(st.size * 1.25), gap=2.5)
    pg.para("I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", style="bold")
    pg.skip(0.3)
    honor = "Ông:" if h.sex == "Nam" else "Bà:"
    pg.fields_row([(honor, h.full_name), ("Năm sinh:", str(h.dob.year))], right=pg.right - 200)
    pg.field(id_label, id_no, x=pg.left)
    pg.field("Địa chỉ thường trú:", h.residence.full())
    pg.y = 2900
    f = pg.f("bold", int(st.size * 1.3))
    pg.d.text((pg.right - pg.width(p["serial"], f) - 100, pg.y), p["serial"], font=f, fill=90)
    page1 = pg.img

    pg = Page(st, rng)
    pg.para("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", style="bold")
    pg.para("1. Thửa đất:")
    x = pg.left + st.size
    pg.field("a) Thửa đất số:", f"{p['number']}, Tờ bản đồ số: {p['sheet']}", x=x)
    pg.field("b) Địa chỉ:", land_addr, x=x)
    pg.field("c) Diện tích:", f"{area_text(p['area'])} m², (bằng chữ: {area_words(p['area'])})", x=x)
    pg.field("d) Hình thức sử dụng:", "Sử dụng riêng", x=x)
    pg.field("đ) Mục đích sử dụng:", p["purpose"], x=x)
    pg.field("e) Thời hạn sử dụng:", "Lâu dài" if "ở" in p["purpose"] else "Đến ngày 15/10/2063", x=x)
    pg.field("g) Nguồn gốc sử dụng:", rng.choice(["Nhà nước công nhận quyền sử dụng đất",
                                                  "Nhận thừa kế đất được Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
                                                  "Nhận chuyển nhượng đất được Công nhận QSDĐ"]), x=x)
    for label in ("2. Nhà ở:", "3. Công trình xây dựng khác:", "4. Rừng sản xuất là rừng trồng:",
                  "5. Cây lâu năm:", "6. Ghi chú:"):
        pg.field(label, "-/-")
    pg.skip(0.8)
    pg.place_date(bare(land.district) if rng.random() < 0.3 else PROVINCES[land.province][3], issued)
    pg.signature(sign_lines, signer(rng), note=None, stamp=rng.random() < 0.7)
    pg.skip(0.5)
    pg.field("Số vào sổ cấp GCN:", f"{rng.choice(['CS', 'CH', 'VP'])}{rng.randint(100, 99999):05d}",
             x=pg.left)
    fields = {"holder_name": h.full_name, "holder_personal_id": id_no, "parcel_number": p["number"],
              "map_sheet_number": p["sheet"], "land_address": land_addr, "area_m2": f"{p['area']:.1f}",
              "land_use_purpose": p["purpose"], "certificate_serial": p["serial"],
              "issue_date": issued.isoformat(), "issuing_authority": auth}
    return Doc("land_use_certificate", [page1, pg.img], fields, "giay_chung_nhan_qsdd")



def render_2024(ctx: Ctx) -> Doc:
    """The A4 form of TT 10/2024 (from 1/8/2024; DOMAIN §8 (L)): one page, `Loại đất`, QR at the
    top left, serial of 2 letters + 8 digits near the signature. Needs a dossier after 9/2024."""
    rng = ctx.rng
    if ctx.day < date(2024, 9, 1):
        return render(ctx)
    p = parcel(ctx)
    h, land = p["holder"], p["land"]
    issued = random_date(rng, date(2024, 8, 1), ctx.day - timedelta(days=7))
    if ctx.deceased:  # a certificate newer than the holder's death would be odd: use the old form
        return render(ctx)
    serial = f"{p['serial'][:2]} {rng.randint(0, 99999999):08d}"
    name = f"Văn phòng Đăng ký đất đai {land.province_full}"
    sign_lines = ["VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI", upper(land.province_full), "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    if rng.random() < 0.5:
        name = f"Sở Tài nguyên và Môi trường {land.province_full}"
        sign_lines = ["SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", upper(land.province_full), "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    land_addr = land.full(caps=rng.random() < 0.4)
    purpose = p["purpose"]

    st = Style.draw(rng)
    st.size = min(st.size, 50)
    pg = Page(st, rng)
    paste_qr(pg.img, f"{serial}|{h.personal_id}|{p['number']}|{p['sheet']}", pg.left - 60, pg.y - 60, 240)
    pg.y += 120
    pg.national_header([])
    pg.title("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT",
             size=int(st.size * 1.25), gap=1.0)
    pg.para("1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:", style="bold")
    honor = "Ông" if h.sex == "Nam" else "Bà"
    pg.para(f"{honor} {h.full_name}, sinh năm {h.dob.year}; Căn cước công dân số: {h.personal_id};", indent=st.size)
    pg.para(f"Địa chỉ thường trú: {h.residence.full()}", indent=st.size)
    pg.para("2. Thông tin thửa đất:", style="bold")
    x = pg.left + st.size
    pg.para(f"a. Thửa đất số: {p['number']};  Tờ bản đồ số: {p['sheet']};", x=x)
    pg.field("b. Diện tích:", f"{area_text(p['area'])} m² (Bằng chữ: {area_words(p['area'])})", x=x)
    pg.field("c. Loại đất:", purpose, x=x)
    pg.field("d. Thời hạn sử dụng:", "Lâu dài" if "ở" in purpose else "Đến ngày 31/12/2074", x=x)
    pg.field("đ. Hình thức sử dụng:", "Sử dụng riêng", x=x)
    pg.field("e. Địa chỉ:", land_addr, x=x)
    pg.para("3. Thông tin tài sản gắn liền với đất: -/-", style="bold")
    pg.para("4. Ghi chú: -/-", style="bold")
    pg.para("5. Sơ đồ thửa đất:", style="bold")
    sketch(pg, rng)
    pg.place_date(PROVINCES[land.province][3], issued)
    pg.signature(sign_lines, signer(rng), note=None, stamp=rng.random() < 0.7)
    f = pg.f("bold", int(st.size * 1.1))
    pg.d.text((pg.left, pg.y - 60), serial, font=f, fill=70)
    fields = {"holder_name": h.full_name, "holder_personal_id": h.personal_id, "parcel_number": p["number"],
              "map_sheet_number": p["sheet"], "land_address": land_addr, "area_m2": f"{p['area']:.1f}",
              "land_use_purpose": purpose, "certificate_serial": serial,
              "issue_date": issued.isoformat(), "issuing_authority": name}
    return Doc("land_use_certificate", [pg.img], fields, "giay_chung_nhan_qsdd")


def sketch(pg: Page, rng) -> None:
    """The parcel plan: a skewed quadrilateral with its side lengths."""
    x0, y0 = pg.left + 400, pg.y + 30
    w, h = rng.randint(500, 800), rng.randint(250, 380)
    pts = [(x0 + rng.randint(0, 60), y0), (x0 + w, y0 + rng.randint(0, 40)),
           (x0 + w - rng.randint(0, 80), y0 + h), (x0, y0 + h - rng.randint(0, 30))]
    pg.d.polygon(pts, outline=pg.st.ink, width=3)
    f = pg.f("regular", int(pg.st.size * 0.7))
    for (ax, ay), (bx, by) in zip(pts, pts[1:] + pts[:1]):
        pg.text((ax + bx) / 2 + 8, (ay + by) / 2 - 10, f"{rng.uniform(5, 30):.2f}".replace(".", ","), f)
    pg.y = y0 + h + 60


LAYOUTS = [render, render_2024]
