"""Giấy chứng nhận kết hôn (DOMAIN §6): wife's column on the left, husband's on the right."""
from __future__ import annotations

from datetime import date, timedelta

from ..people import add_years, dmy, random_date
from ..render import Page, Style
from .common import Ctx, Doc, place_name, signer, ubnd


def id_paper(p, when: date) -> tuple[str, str]:
    """The ID paper a person showed at registration: an old CMND before 2016 if they had one."""
    if when.year < 2016 and p.cmnd:
        return f"Chứng minh nhân dân số {p.cmnd}", p.cmnd
    return f"Căn cước công dân số {p.personal_id}", p.personal_id


def couple(ctx: Ctx):
    a, s = ctx.applicant, ctx.get_spouse()
    husband, wife = (a, s) if a.sex == "Nam" else (s, a)
    lo = max(add_years(husband.dob, 20), add_years(wife.dob, 18), date(2000, 1, 1))
    hi = ctx.day - timedelta(days=30)
    if ctx.child:
        hi = min(hi, ctx.child.dob - timedelta(days=30))
    reg = random_date(ctx.rng, min(lo, hi), hi)
    return husband, wife, reg


def render(ctx: Ctx) -> Doc:
    rng = ctx.rng
    husband, wife, reg = couple(ctx)
    header, authority = ubnd(ctx.applicant.residence, rng)
    number = f"{rng.randint(1, 250)}/{reg.year}" if rng.random() < 0.6 else f"{rng.randint(1, 250)}"
    book = f"{rng.randint(1, 5):02d}/{reg.year}" if rng.random() < 0.4 else None
    st = Style.draw(rng)
    st.size = min(st.size, 50)
    pg = Page(st, rng)
    pg.national_header(header, number=[f"Số: {number}"] + ([f"Quyển số: {book}"] if book else []))
    pg.skip(0.3)
    pg.title("GIẤY CHỨNG NHẬN KẾT HÔN", size=int(st.size * 1.5))
    mid = (pg.left + pg.right) / 2
    xs = [pg.left, mid + st.size * 0.5]
    wid, wid_no = id_paper(wife, reg)
    hid, hid_no = id_paper(husband, reg)
    rows = [("Họ, chữ đệm, tên vợ:", wife.full_name, "Họ, chữ đệm, tên chồng:", husband.full_name),
            ("Ngày, tháng, năm sinh:", dmy(wife.dob), "Ngày, tháng, năm sinh:", dmy(husband.dob)),
            ("Dân tộc:", wife.ethnicity, "Dân tộc:", husband.ethnicity),
            ("Quốc tịch:", wife.nationality, "Quốc tịch:", husband.nationality),
            ("Nơi cư trú:", wife.residence.full(), "Nơi cư trú:", husband.residence.full()),
            ("Giấy tờ tùy thân:", wid, "Giấy tờ tùy thân:", hid)]
    for lw, vw, lh, vh in rows:
        pg.columns([(lw, vw), (lh, vh)], xs)
    pg.skip(0.3)
    pg.field("Nơi đăng ký kết hôn:", f"{authority}, {ctx.applicant.residence.district}, "
                                     f"{ctx.applicant.residence.province_full}")
    pg.field("Ngày, tháng, năm đăng ký:", dmy(reg))
    pg.skip(0.5)
    y = pg.y
    for cx, who, p in ((pg.left + (pg.right - pg.left) * 0.15, "Vợ", wife),
                       (pg.left + (pg.right - pg.left) * 0.42, "Chồng", husband)):
        pg.y = y
        pg.signature([who], p.full_name.title(), cx=cx, note="(Ký, ghi rõ họ tên)")
    pg.y = y
    pg.signature(["NGƯỜI KÝ GIẤY CHỨNG NHẬN", "KẾT HÔN"], signer(rng), cx=pg.left + (pg.right - pg.left) * 0.8,
                 note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", stamp=rng.random() < 0.6)
    fields = {"husband_name": husband.full_name, "husband_date_of_birth": husband.dob.isoformat(),
              "husband_personal_id": hid_no, "wife_name": wife.full_name,
              "wife_date_of_birth": wife.dob.isoformat(), "wife_personal_id": wid_no,
              "registration_number": number, "registration_date": reg.isoformat(),
              "issuing_authority": authority}
    return Doc("marriage_certificate", [pg.img], fields, "giay_ket_hon")



def render_table(ctx: Ctx) -> Doc:
    """Variant with the particulars in a ruled table: a label column, then `CHỒNG` and `VỢ`
    columns (husband first here), a place-date line giving the registration date."""
    rng = ctx.rng
    husband, wife, reg = couple(ctx)
    header, authority = ubnd(ctx.applicant.residence, rng)
    number = f"{rng.randint(1, 250)}/{reg.year}"
    st = Style.draw(rng)
    pg = Page(st, rng)
    pg.national_header(header, number=f"Số: {number}")
    pg.skip(0.3)
    pg.title("GIẤY CHỨNG NHẬN KẾT HÔN", size=int(st.size * 1.5))
    hid, hid_no = id_paper(husband, reg)
    wid, wid_no = id_paper(wife, reg)
    rows = [["Họ, chữ đệm, tên", husband.full_name, wife.full_name],
            ["Ngày, tháng, năm sinh", dmy(husband.dob), dmy(wife.dob)],
            ["Dân tộc", husband.ethnicity, wife.ethnicity],
            ["Quốc tịch", husband.nationality, wife.nationality],
            ["Nơi cư trú", husband.residence.full(), wife.residence.full()],
            ["Giấy tờ tùy thân", hid, wid]]
    pg.table(["", "CHỒNG", "VỢ"], rows, [0.26, 0.37, 0.37], size=int(st.size * 0.95))
    pg.field("Nơi đăng ký kết hôn:", f"{authority}, {ctx.applicant.residence.district}, "
                                     f"{ctx.applicant.residence.province_full}")
    pg.skip(0.4)
    pg.place_date(place_name(ctx.applicant.residence, rng), reg)
    y = pg.y
    pg.signature(["NGƯỜI KÝ GIẤY CHỨNG NHẬN", "KẾT HÔN"], signer(rng), cx=pg.left + (pg.right - pg.left) * 0.72,
                 note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", stamp=rng.random() < 0.6)
    pg.y = y
    for cx, who, p in ((pg.left + (pg.right - pg.left) * 0.12, "Chồng", husband),
                       (pg.left + (pg.right - pg.left) * 0.36, "Vợ", wife)):
        pg.y = y
        pg.signature([who], p.full_name.title(), cx=cx, note=None)
    fields = {"husband_name": husband.full_name, "husband_date_of_birth": husband.dob.isoformat(),
              "husband_personal_id": hid_no, "wife_name": wife.full_name,
              "wife_date_of_birth": wife.dob.isoformat(), "wife_personal_id": wid_no,
              "registration_number": number, "registration_date": reg.isoformat(),
              "issuing_authority": authority}
    return Doc("marriage_certificate", [pg.img], fields, "giay_ket_hon")


LAYOUTS = [render, render_table]
