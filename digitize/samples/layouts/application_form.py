"""Declarations filed by the applicant (TỜ KHAI …): CT01 (residence), birth and death registration.

Which form depends on the dossier's procedure (ctx.extra["form"]). CT01 prints a phone but no
address; the civil-status forms print `Nơi cư trú` but no phone (those fields are then null).
"""
from __future__ import annotations

from datetime import time, timedelta

from ..people import date_words, dmy
from ..render import Page, Style, scribble
from .common import Ctx, Doc, place_name


def _page(ctx: Ctx, form_no: str | None = None) -> Page:
    st = Style.draw(ctx.rng)
    pg = Page(st, ctx.rng)
    if form_no:  # the form's legal reference, small italic at the top right
        f = pg.f("italic", int(st.size * 0.75))
        pg.text(pg.right - pg.width(form_no, f), pg.y - 60, form_no, f)
        pg.y += 30
    pg.national_header([])
    return pg


def _sign(pg: Page, ctx: Ctx, when, title: str, note: str, prefix: str = "") -> None:
    pg.skip(0.4)
    pg.place_date(place_name(ctx.applicant.residence, ctx.rng), when, prefix=prefix)
    pg.signature([title], ctx.applicant.full_name, note=note)


def id_boxes(pg: Page, label: str, pid: str) -> None:
    """`label` then one digit per printed box (the CT01 form's grid), drawn one of three ways
    forms print and scan it: light thin boxes; a dark grid whose bold digits touch its walls
    (one mark with them); walls alone, no rule above or below."""
    f = pg.f()
    x = pg.text(pg.left, pg.y, label, f) + 20
    style = pg.rng.choice(("light", "light", "dark", "walls"))
    bw = int(pg.st.size * (0.8 if style == "dark" else 1.0))
    digit_font = pg.f("bold", int(pg.st.size * 1.05)) if style == "dark" else f
    top, bottom = pg.y - 12, pg.y + bw + 6
    for i, ch in enumerate(pid):
        bx = x + i * bw
        if style == "light":  # light thin rules, as the printed grid scans
            pg.d.rectangle((bx, top, bx + bw, bottom), outline=185, width=1)
        else:
            pg.d.line((bx, top, bx, bottom), fill=pg.st.ink, width=3 if style == "dark" else 2)
        pg.text(bx + (bw - pg.width(ch, digit_font)) / 2, pg.y, ch, digit_font)
    if style != "light":
        end = x + len(pid) * bw
        pg.d.line((end, top, end, bottom), fill=pg.st.ink, width=3 if style == "dark" else 2)
        if style == "dark":
            pg.d.rectangle((x, top, end, bottom), outline=pg.st.ink, width=3)
    pg.y += pg.lh + 10


def ct01(ctx: Ctx, boxes: bool = False) -> tuple[list, dict]:
    rng, a = ctx.rng, ctx.applicant
    title = "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"
    pg = _page(ctx, "Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA")
    pg.title(title)
    pg.field("Kính gửi(1):", f"Công an {a.residence.commune}, {a.residence.district}")
    mode = rng.choice(["colon", "trail"])
    pg.field("1. Họ, chữ đệm và tên khai sinh:", a.full_name, mode, value_bold=True)
    pg.fields_row([("2. Ngày, tháng, năm sinh:", dmy(a.dob)), ("3. Giới tính:", a.sex)])
    if boxes:
        id_boxes(pg, "4. Số định danh cá nhân:", a.personal_id)
    else:
        pg.field("4. Số định danh cá nhân:", a.personal_id, mode)
    pg.fields_row([("5. Số điện thoại liên hệ:", a.phone), ("6. Email:", "")])
    head = ctx.get_spouse() if rng.random() < 0.4 else a
    rel = "Chủ hộ" if head is a else ("Vợ" if a.sex == "Nữ" else "Chồng")
    pg.field("7. Họ, chữ đệm và tên chủ hộ:", head.full_name, mode)
    pg.field("8. Mối quan hệ với chủ hộ:", rel, mode)
    if boxes:
        id_boxes(pg, "9. Số định danh cá nhân của chủ hộ:", head.personal_id)
    else:
        pg.field("9. Số định danh cá nhân của chủ hộ:", head.personal_id, mode)
    pg.field("10. Nội dung đề nghị(2):", rng.choice([
        f"Đăng ký thường trú vào hộ gia đình tại {a.residence.full()}",
        "Xác nhận thông tin về cư trú", "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú"]), mode)
    pg.para("11. Những thành viên trong hộ gia đình cùng thay đổi:")
    rows = [["1", ctx.child.full_name, dmy(ctx.child.dob), ctx.child.sex, ctx.child.personal_id, "Con"]] \
        if ctx.child else [["", "", "", "", "", ""]]
    pg.table(["TT", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh cá nhân",
              "Mối quan hệ với chủ hộ"], rows, [0.06, 0.3, 0.17, 0.11, 0.2, 0.16])
    submitted = ctx.day - timedelta(days=rng.choice([0, 0, 0, 1, 2]))
    pages = [pg]
    if rng.random() < 0.4:  # the signature part continues on a second sheet (no title there)
        pg = Page(pg.st, rng)
        pg.y += 100
        pages.append(pg)
    pg.skip(0.5)
    pg.place_date(place_name(a.residence, rng), submitted, cx=pg.left + (pg.right - pg.left) * 0.8)
    xs = [pg.left + (pg.right - pg.left) * k for k in (0.12, 0.37, 0.62, 0.87)]
    y = pg.y
    small = int(pg.st.size * 0.72)
    heads = [["Ý KIẾN CỦA CHỦ HỘ"], ["Ý KIẾN CỦA CHỦ SỞ", "HỮU CHỖ Ở HỢP PHÁP"],
             ["Ý KIẾN CỦA CHA, MẸ", "HOẶC NGƯỜI GIÁM HỘ"], ["NGƯỜI KÊ KHAI"]]
    for cx, lines in zip(xs, heads):
        yy = y
        for ln in lines:
            pg.center(ln, pg.f("bold", small), cx, yy)
            yy += int(small * 1.3)
        pg.center("(Ký, ghi rõ họ tên)", pg.f("italic", small), cx, yy)
    pg.y = y + int(small * 4)
    scribble(pg, xs[3], pg.y + 100, rng)
    pg.center(a.full_name, pg.f("bold", small), xs[3], pg.y + 260)
    if head is not a:
        scribble(pg, xs[0], pg.y + 100, rng)
        pg.center(head.full_name, pg.f("bold", small), xs[0], pg.y + 260)
    fields = {"form_title": title, "applicant_name": a.full_name, "applicant_personal_id": a.personal_id,
              "applicant_phone": a.phone, "applicant_address": None, "submission_date": submitted.isoformat()}
    return [p.img for p in pages], fields


def khai_sinh(ctx: Ctx) -> tuple[list, dict]:
    a = ctx.applicant
    c = ctx.get_child()
    father, mother = c.extra["father"], c.extra["mother"]
    title = "TỜ KHAI ĐĂNG KÝ KHAI SINH"
    pg = _page(ctx)
    pg.title(title)
    address = a.residence.full()
    pg.field("Kính gửi:", f"Ủy ban nhân dân {a.residence.commune}, {a.residence.district}")
    pg.field("Họ, chữ đệm, tên người yêu cầu:", a.full_name, value_bold=True)
    phone = None
    if ctx.extra.get("ks2024"):
        pg.field("Ngày, tháng, năm sinh:", dmy(a.dob))
        pg.field("Nơi cư trú:", address)
        pg.field("Giấy tờ tùy thân:", f"Căn cước công dân số {a.personal_id}, do Cục Cảnh sát quản lý "
                                      "hành chính về trật tự xã hội cấp")
        phone = a.phone
        pg.field("Số điện thoại:", phone)
    else:
        pg.field("Nơi cư trú:", address)
        pg.field("Giấy tờ tùy thân:", f"Căn cước công dân số {a.personal_id}")
    pg.field("Quan hệ với người được khai sinh:", "Cha" if a is father else "Mẹ")
    pg.para("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", style="bold")
    pg.field("Họ, chữ đệm, tên:", c.full_name)
    pg.field("Ngày, tháng, năm sinh:", dmy(c.dob))
    pg.field("ghi bằng chữ:", date_words(c.dob), x=pg.left + pg.st.size * 2)
    pg.fields_row([("Giới tính:", c.sex), ("Dân tộc:", c.ethnicity), ("Quốc tịch:", c.nationality)])
    pg.field("Nơi sinh:", c.extra["pob"])
    pg.field("Quê quán:", father.origin.full())
    for p, who in ((mother, "mẹ"), (father, "cha")):
        pg.field(f"Họ, chữ đệm, tên người {who}:", p.full_name)
        pg.fields_row([("Năm sinh:", str(p.dob.year)), ("Dân tộc:", p.ethnicity), ("Quốc tịch:", p.nationality)])
        pg.field("Nơi cư trú:", p.residence.full())
    pg.para("Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận "
            "nhất trí của các bên liên quan theo quy định pháp luật.", indent=pg.st.size * 2)
    pg.para("Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.",
            indent=pg.st.size * 2)
    submitted = ctx.day
    _sign(pg, ctx, submitted, "Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", prefix="Làm tại: ")
    pg.para("Đề nghị cấp bản sao: Có □, Không □   Số lượng: 01 bản", style="italic")
    fields = {"form_title": title, "applicant_name": a.full_name, "applicant_personal_id": a.personal_id,
              "applicant_phone": phone, "applicant_address": address, "submission_date": submitted.isoformat()}
    return [pg.img], fields


def khai_tu(ctx: Ctx) -> tuple[list, dict]:
    rng, a = ctx.rng, ctx.applicant
    d = ctx.get_deceased()
    dod = d.extra["date_of_death"]
    title = "TỜ KHAI ĐĂNG KÝ KHAI TỬ"
    pg = _page(ctx)
    pg.title(title)
    address = a.residence.full(caps=rng.random() < 0.3)
    pg.field("Kính gửi:", f"Ủy ban nhân dân {a.residence.commune}, {a.residence.district}")
    pg.field("Họ, chữ đệm, tên người yêu cầu:", a.full_name, value_bold=True)
    pg.field("Nơi cư trú:", address)
    pg.field("Giấy tờ tùy thân:", f"Căn cước công dân số {a.personal_id}")
    pg.field("Quan hệ với người đã chết:", "Con")
    pg.para("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:", style="bold")
    pg.field("Họ, chữ đệm, tên:", d.full_name)
    pg.field("Ngày, tháng, năm sinh:", dmy(d.dob))
    pg.fields_row([("Giới tính:", d.sex), ("Dân tộc:", d.ethnicity), ("Quốc tịch:", d.nationality)])
    pg.field("Giấy tờ tùy thân:", f"Căn cước công dân số {d.personal_id}")
    pg.field("Nơi cư trú cuối cùng:", d.residence.full())
    t = time(rng.randint(0, 23), rng.choice([0, 15, 30, 45]))
    pg.field("Đã chết vào lúc:", f"{t:%H} giờ {t:%M} phút, ngày {dmy(dod)}")
    pg.field("Nơi chết:", d.extra.setdefault("place_of_death", f"Tại nhà, {d.residence.full()}"))
    pg.field("Nguyên nhân chết:", rng.choice(["Bệnh", "Già yếu", "Bệnh hiểm nghèo"]))
    pg.para("Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật "
            "về cam đoan của mình.", indent=pg.st.size * 2)
    submitted = ctx.day
    _sign(pg, ctx, submitted, "Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", prefix="Làm tại: ")
    fields = {"form_title": title, "applicant_name": a.full_name, "applicant_personal_id": a.personal_id,
              "applicant_phone": None, "applicant_address": address, "submission_date": submitted.isoformat()}
    return [pg.img], fields


def khai_sinh_2024(ctx: Ctx) -> tuple[list, dict]:
    """TT 04/2024 version (L): the requester's birth date, ID details and phone are asked too."""
    ctx.extra["ks2024"] = True
    return khai_sinh(ctx)


FORMS = {"ct01": (ct01, lambda c: ct01(c, boxes=True)),
         "khai_sinh": (khai_sinh, khai_sinh_2024),
         "khai_tu": (khai_tu, khai_tu)}


def render(ctx: Ctx, variant: int = 0) -> Doc:
    pages, fields = FORMS[ctx.extra.get("form", "ct01")][variant](ctx)
    return Doc("application_form", pages, fields, "to_khai")


LAYOUTS = [render, lambda ctx: render(ctx, 1)]
