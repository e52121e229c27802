"""CT07 confirmation of residence information (TT 66/2023 title; body labels of DOMAIN §7)."""
from __future__ import annotations

from datetime import date, timedelta

from ..people import dmy, make_person, random_date
from ..render import Page, Style
from .common import Ctx, Doc, place_name, police, signer


def _household(ctx: Ctx):
    """Who heads the household and how the applicant relates to them."""
    rng, a = ctx.rng, ctx.applicant
    r = rng.random()
    if r < 0.45:
        return a, "Chủ hộ"
    if r < 0.8:
        return ctx.get_spouse(), "Vợ" if a.sex == "Nữ" else "Chồng"
    # living in a parent's household
    parent = make_person(rng, rng.choice(["Nam", "Nữ"]), (date(1935, 1, 1), date(a.dob.year - 20, 12, 31)),
                         surname=a.full_name.split()[0].title(), residence=a.residence)
    return parent, "Con"


def render(ctx: Ctx) -> Doc:
    rng, a = ctx.rng, ctx.applicant
    head, rel = _household(ctx)
    issued = random_date(rng, ctx.day - timedelta(days=300), ctx.day - timedelta(days=1))
    header, authority = police(a.residence, rng)
    residence = a.residence.full(caps=rng.random() < 0.4)
    mode = rng.choice(["colon", "colon", "trail"])

    st = Style.draw(rng)
    pg = Page(st, rng)
    pg.national_header(header, number=f"Số: {rng.randint(10, 9999)}/XN" if rng.random() < 0.5 else None)
    pg.skip(0.5)
    pg.title("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", size=int(st.size * 1.45))
    pg.para(f"{authority} xác nhận thông tin về cư trú của công dân như sau:", indent=st.size * 2)
    pg.skip(0.2)
    pg.field("1. Họ, chữ đệm và tên khai sinh:", a.full_name, mode, value_bold=True)
    pg.fields_row([("2. Ngày, tháng, năm sinh:", dmy(a.dob)), ("3. Giới tính:", a.sex)])
    pg.field("4. Số định danh cá nhân:", a.personal_id, mode)
    pg.fields_row([("5. Dân tộc:", a.ethnicity), ("6. Tôn giáo:", "Không"),
                   ("7. Quốc tịch:", a.nationality)])
    pg.field("8. Quê quán:", a.origin.full(), mode)
    pg.field("9. Nơi thường trú:", residence, mode)
    pg.field("10. Nơi tạm trú:", "Không", mode)
    pg.field("11. Nơi ở hiện tại:", residence, mode)
    pg.field("12. Họ, chữ đệm và tên chủ hộ:", head.full_name, mode)
    pg.field("13. Quan hệ với chủ hộ:", rel, mode)
    pg.field("14. Số định danh cá nhân của chủ hộ:", head.personal_id, mode)
    pg.para("15. Thông tin về thành viên hộ gia đình:")
    members = [head] + ([a] if head is not a else []) + ([ctx.child] if ctx.child else [])
    rows = []
    for i, m in enumerate(members, 1):
        r = "Chủ hộ" if m is head else (rel if m is a else "Con")
        rows.append([str(i), m.full_name, dmy(m.dob), m.sex, m.personal_id, r])
    pg.table(["TT", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính",
              "Số định danh cá nhân", "Quan hệ với chủ hộ"], rows, [0.06, 0.3, 0.18, 0.11, 0.2, 0.15])
    pg.para("Xác nhận này có giá trị 01 năm kể từ ngày cấp.", style="italic")
    pg.skip(0.4)
    pg.place_date(place_name(a.residence, rng), issued)
    rank = rng.choice(["Thiếu tá", "Trung tá", "Đại úy"])
    pg.signature(["TRƯỞNG CÔNG AN " + a.residence.commune.split()[0].upper()], f"{rank} {signer(rng)}",
                 stamp=rng.random() < 0.6)
    return _doc(pg, a, residence, head, rel, issued, authority)



def render_2021(ctx: Ctx) -> Doc:
    """The older CT07 (TT 56/2021): `GIẤY XÁC NHẬN …` title, unnumbered labels over dotted lines."""
    rng, a = ctx.rng, ctx.applicant
    head, rel = _household(ctx)
    # this form was valid 30 days, so it was issued shortly before the dossier
    issued = random_date(rng, ctx.day - timedelta(days=25), ctx.day - timedelta(days=1))
    header, authority = police(a.residence, rng)
    residence = a.residence.full()

    st = Style.draw(rng)
    pg = Page(st, rng)
    f = pg.f("italic", int(st.size * 0.75))
    ref = "Mẫu CT07 ban hành kèm theo Thông tư số 56/2021/TT-BCA"
    pg.text(pg.right - pg.width(ref, f), pg.y - 60, ref, f)
    pg.y += 30
    pg.national_header(header, number=f"Số: {rng.randint(10, 999)}/GXN")
    pg.skip(0.5)
    pg.title("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", size=int(st.size * 1.35))
    pg.para(f"{authority} xác nhận ông/bà:", indent=st.size * 2)
    pg.field("Họ, chữ đệm và tên:", a.full_name, "trail", value_bold=True)
    pg.field("Ngày, tháng, năm sinh:", dmy(a.dob), "trail")
    pg.field("Giới tính:", a.sex, "trail")
    pg.field("Số định danh cá nhân:", a.personal_id, "trail")
    pg.para("Có thông tin về cư trú như sau:", indent=st.size * 2)
    pg.field("Nơi thường trú:", residence, "trail")
    pg.field("Nơi tạm trú:", "", "trail")
    pg.field("Nơi ở hiện tại:", residence, "trail")
    pg.field("Họ, chữ đệm và tên chủ hộ:", head.full_name, "trail")
    pg.field("Quan hệ với chủ hộ:", rel, "trail")
    pg.field("Số định danh cá nhân của chủ hộ:", head.personal_id, "trail")
    pg.para("Giấy xác nhận có giá trị 30 ngày kể từ ngày cấp.", style="italic")
    pg.skip(0.5)
    pg.place_date(place_name(a.residence, rng), issued)
    pg.signature(["TRƯỞNG CÔNG AN"], f"{rng.choice(['Thiếu tá', 'Đại úy'])} {signer(rng)}",
                 stamp=rng.random() < 0.6)
    return _doc(pg, a, residence, head, rel, issued, authority)


def _doc(pg, a, residence, head, rel, issued, authority) -> Doc:
    """Both layouts record the same truth."""
    fields = {
        "full_name": a.full_name, "date_of_birth": a.dob.isoformat(), "sex": a.sex,
        "personal_id": a.personal_id, "place_of_residence": residence,
        "household_head_name": head.full_name, "relationship_to_head": rel,
        "issue_date": issued.isoformat(), "issuing_authority": authority,
    }
    return Doc("residence_confirmation", [pg.img], fields, "xac_nhan_cu_tru")


LAYOUTS = [render, render_2021]
