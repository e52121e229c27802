"""Giấy khai sinh (bản chính, form since 2016, DOMAIN §6) of the applicant's child."""
from __future__ import annotations

from datetime import date, timedelta

from ..people import date_words, dmy, make_person, random_address
from ..render import Page, Style
from .common import Ctx, Doc, signer, ubnd


def _numbers(ctx: Ctx, reg) -> tuple[str, str | None]:
    rng = ctx.rng
    number = f"{rng.randint(1, 450)}/{reg.year}" if rng.random() < 0.7 else f"{rng.randint(1, 450)}"
    book = f"{rng.randint(1, 9):02d}/{reg.year}-KS" if rng.random() < 0.5 else None
    return number, book


def render(ctx: Ctx) -> Doc:
    rng = ctx.rng
    c = ctx.get_child()
    father, mother = c.extra["father"], c.extra["mother"]
    reg = ctx.day if ctx.extra.get("newborn") else c.dob + timedelta(days=rng.randint(3, 55))
    # registered where the parents lived then (their current residence, for simplicity)
    header, authority = ubnd(ctx.applicant.residence, rng)
    number, book = _numbers(ctx, reg)
    prov = ctx.applicant.residence
    pob = c.extra["pob"]
    mode = rng.choice(["colon", "colon", "leader", "trail"])

    st = Style.draw(rng)
    pg = Page(st, rng)
    pg.national_header(header)
    # Số / Quyển số at the top right (DOMAIN §6)
    f = pg.f()
    nline = f"Số: {number}" + (f"    Quyển số: {book}" if book else "")
    pg.text(pg.right - pg.width(nline, f) - 40, pg.y, nline, f)
    pg.skip(1.6)
    pg.title("GIẤY KHAI SINH", size=int(st.size * 1.6))

    pg.field("Họ, chữ đệm, tên:", c.full_name, mode, value_bold=True)
    pg.field("Ngày, tháng, năm sinh:", dmy(c.dob), mode)
    pg.field("ghi bằng chữ:", date_words(c.dob), "colon", x=pg.left + st.size * 2)
    pg.fields_row([("Giới tính:", c.sex), ("Dân tộc:", c.ethnicity), ("Quốc tịch:", c.nationality)])
    pg.field("Nơi sinh:", pob, mode)
    pg.field("Quê quán:", father.origin.full(), mode)
    pg.field("Số định danh cá nhân:", c.personal_id, mode)
    pg.skip(0.3)
    for p, label in ((mother, "Họ, chữ đệm, tên người mẹ:"), (father, "Họ, chữ đệm, tên người cha:")):
        pg.field(label, p.full_name, mode)
        pg.fields_row([("Năm sinh:", str(p.dob.year)), ("Dân tộc:", p.ethnicity),
                       ("Quốc tịch:", p.nationality)])
        pg.field("Nơi cư trú:", p.residence.full(), mode)
        pg.skip(0.3)
    declarant = ctx.applicant
    pg.field("Họ, chữ đệm, tên người đi khai sinh:", declarant.full_name, mode)
    pg.field("Giấy tờ tùy thân:", f"Căn cước công dân số {declarant.personal_id}", mode)
    where = f"{authority}, {prov.district}, {prov.province_full}"
    pg.field("Nơi đăng ký khai sinh:", where, mode)
    pg.field("Ngày, tháng, năm đăng ký:", dmy(reg), mode)
    pg.skip(0.6)
    sy = pg.y
    pg.signature(["NGƯỜI KÝ GIẤY KHAI SINH"], signer(rng),
                 note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", stamp=rng.random() < 0.6)
    if rng.random() < 0.5:  # the civil-status officer on the left
        pg.y = sy
        pg.signature(["NGƯỜI THỰC HIỆN"], signer(rng), cx=pg.left + (pg.right - pg.left) * 0.2,
                     note=None)
    fields = {
        "full_name": c.full_name, "date_of_birth": c.dob.isoformat(), "sex": c.sex,
        "ethnicity": c.ethnicity, "nationality": c.nationality, "place_of_birth": pob,
        "personal_id": c.personal_id, "father_name": father.full_name, "mother_name": mother.full_name,
        "registration_number": number, "book_number": book, "registration_date": reg.isoformat(),
        "issuing_authority": authority,
    }
    return Doc("birth_certificate", [pg.img], fields, "giay_khai_sinh")



def render_old(ctx: Ctx) -> Doc:
    """The applicant's own certificate on a pre-2016 form (DOMAIN §6, (U)): `Họ và tên`, parents in
    CHA / MẸ columns, `Số` and `Quyển số`, a place-date line, and no personal id (null)."""
    rng, a = ctx.rng, ctx.applicant
    reg = a.dob + timedelta(days=rng.randint(5, 50))
    home = a.origin if rng.random() < 0.5 else random_address(rng, a.birth_province, house=False)
    header, authority = ubnd(home, rng)
    number = str(rng.randint(1, 300))
    book = f"{rng.randint(1, 4):02d}/{reg.year}"
    father = make_person(rng, "Nam", (date(a.dob.year - 40, 1, 1), date(a.dob.year - 20, 12, 31)),
                         surname=a.full_name.split()[0].title())
    mother = make_person(rng, "Nữ", (date(a.dob.year - 38, 1, 1), date(a.dob.year - 18, 12, 31)))
    pob = rng.choice(["Trạm y tế " + home.commune, f"Bệnh viện Đa khoa {home.province_full}",
                      f"{home.commune}, {home.district}, {home.province_full}"])

    st = Style.draw(rng)
    pg = Page(st, rng)
    pg.national_header(header, number=[f"Số: {number}", f"Quyển số: {book}"])
    pg.skip(0.5)
    pg.title("GIẤY KHAI SINH", size=int(st.size * 1.6))
    pg.field("Họ và tên:", a.full_name, "leader", value_bold=True)
    pg.fields_row([("Giới tính:", a.sex)])
    pg.field("Ngày, tháng, năm sinh:", dmy(a.dob), "leader")
    pg.field("ghi bằng chữ:", date_words(a.dob), x=pg.left + st.size * 2)
    pg.field("Nơi sinh:", pob, "leader")
    pg.fields_row([("Dân tộc:", a.ethnicity), ("Quốc tịch:", a.nationality)])
    pg.field("Quê quán:", a.origin.full(), "leader")
    pg.skip(0.3)
    rows = [["Họ và tên", mother.full_name, father.full_name],
            ["Dân tộc", mother.ethnicity, father.ethnicity],
            ["Quốc tịch", mother.nationality, father.nationality],
            ["Năm sinh", str(mother.dob.year), str(father.dob.year)],
            ["Nơi thường trú", home.full(), home.full()]]
    pg.table(["", "MẸ", "CHA"], rows, [0.24, 0.38, 0.38], size=int(st.size * 0.95))
    pg.field("Họ và tên người đi khai sinh:", father.full_name, "leader")
    pg.field("Quan hệ với người được khai sinh:", "Cha", "leader")
    pg.field("Nơi đăng ký khai sinh:", f"{authority}, {home.district}, {home.province_full}", "leader")
    pg.skip(0.4)
    pg.place_date(home.commune_name(), reg)
    pg.signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer(rng), note=None, stamp=rng.random() < 0.6)
    fields = {
        "full_name": a.full_name, "date_of_birth": a.dob.isoformat(), "sex": a.sex,
        "ethnicity": a.ethnicity, "nationality": a.nationality, "place_of_birth": pob,
        "personal_id": None, "father_name": father.full_name, "mother_name": mother.full_name,
        "registration_number": number, "book_number": book, "registration_date": reg.isoformat(),
        "issuing_authority": authority,
    }
    return Doc("birth_certificate", [pg.img], fields, "giay_khai_sinh")


LAYOUTS = [render, render_old]
