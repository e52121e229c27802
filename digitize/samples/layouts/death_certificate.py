"""Trích lục khai tử (DOMAIN §6) of the applicant's parent."""
from __future__ import annotations

from datetime import time, timedelta

from ..people import date_words, dmy
from ..render import Page, Style
from .common import Ctx, Doc, place_name, signer, ubnd


def render(ctx: Ctx, variant: int = 0) -> Doc:
    """variant 1: dotted leaders, registration date only on the place-date line."""
    rng, a = ctx.rng, ctx.applicant
    d = ctx.get_deceased()
    dod = d.extra["date_of_death"]
    reg = ctx.day if ctx.extra.get("recent_death") else min(ctx.day, dod + timedelta(days=rng.randint(2, 14)))
    header, authority = ubnd(a.residence, rng)
    copy = rng.random() < 0.4  # a certified copy: number ends in /TLKT-BS
    number = f"{rng.randint(1, 480)}/{reg.year}" + ("/TLKT-BS" if copy else "")
    pod = d.extra.setdefault("place_of_death", f"Tại nhà, {d.residence.full()}" if rng.random() < 0.6 else
                             f"Bệnh viện Đa khoa {d.residence.province_full}")
    t = time(rng.randint(0, 23), rng.choice([0, 10, 15, 20, 30, 45]))
    mode = rng.choice(["colon", "colon", "trail"]) if variant == 0 else "leader"

    st = Style.draw(rng)
    pg = Page(st, rng)
    pg.national_header(header, number=f"Số: {number}")
    pg.skip(0.3)
    pg.title("TRÍCH LỤC KHAI TỬ", size=int(st.size * 1.5), gap=0.8 if copy else 1.2)
    if copy:
        pg.centered("(BẢN SAO)", style="bold")
        pg.skip(0.4)
    pg.field("Họ, chữ đệm, tên:", d.full_name, mode, value_bold=True)
    pg.field("Ngày, tháng, năm sinh:", dmy(d.dob), mode)
    pg.fields_row([("Giới tính:", d.sex), ("Dân tộc:", d.ethnicity), ("Quốc tịch:", d.nationality)])
    pg.field("Số định danh cá nhân:", d.personal_id, mode)
    if d.cmnd and rng.random() < 0.5:
        pg.field("Giấy tờ tùy thân:", f"Chứng minh nhân dân số {d.cmnd}", mode)
    pg.field("Đã chết vào lúc:", f"{t:%H} giờ {t:%M} phút, ngày {dmy(dod)}", mode)
    pg.field("ghi bằng chữ:", date_words(dod), x=pg.left + st.size * 2)
    pg.field("Nơi chết:", pod, mode)
    pg.field("Nguyên nhân chết:", rng.choice(["Bệnh", "Già yếu", "Tai biến mạch máu não"]), mode)
    pg.field("Giấy báo tử/Giấy tờ hợp lệ thay thế Giấy báo tử số:",
             f"{rng.randint(1, 300):02d}/GBT do {'Trạm y tế ' + d.residence.commune} cấp ngày "
             f"{dmy(dod + timedelta(days=1))}", mode)
    pg.field("Họ, chữ đệm, tên người đi khai tử:", a.full_name, mode)
    pg.field("Giấy tờ tùy thân:", f"Căn cước công dân số {a.personal_id}", mode)
    pg.field("Nơi đăng ký khai tử:", f"{authority}, {a.residence.district}, {a.residence.province_full}", mode)
    if variant == 0:
        pg.field("Ngày, tháng, năm đăng ký:", dmy(reg), mode)
        pg.skip(0.6)
    else:
        pg.skip(0.3)
        pg.place_date(place_name(a.residence, rng), reg)
    pg.signature(["NGƯỜI KÝ TRÍCH LỤC"], signer(rng), note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)",
                 stamp=rng.random() < 0.6)
    fields = {"full_name": d.full_name, "date_of_birth": d.dob.isoformat(), "sex": d.sex,
              "personal_id": d.personal_id, "date_of_death": dod.isoformat(), "place_of_death": pod,
              "registration_number": number, "registration_date": reg.isoformat(),
              "issuing_authority": authority}
    return Doc("death_certificate", [pg.img], fields, "trich_luc_khai_tu")


LAYOUTS = [render, lambda ctx: render(ctx, 1)]
