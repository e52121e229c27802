"""Giấy khai sinh (bản chính, form since 2016, DOMAIN §6) of the applicant's child."""
from __future__ import annotations

from datetime import timedelta

from ..people import date_words, dmy
from ..places import HOSPITALS
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
    reg = c.dob + timedelta(days=rng.randint(3, 55))
    # registered where the parents lived then (their current residence, for simplicity)
    header, authority = ubnd(ctx.applicant.residence, rng)
    number, book = _numbers(ctx, reg)
    prov = ctx.applicant.residence
    tpl = rng.choice(HOSPITALS)
    if "{p}" not in tpl:  # a commune clinic or district centre: add where it is
        tpl += ", {p}"
    pob = tpl.format(p=prov.province_full, c=prov.commune, d=prov.district)
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


LAYOUTS = [render]
