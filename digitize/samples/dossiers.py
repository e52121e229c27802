"""Assemble dossiers: choose a procedure and its documents, render them, scan them, store them.

Two shapes (RECORDS.md "Input"): a folder of files (one per document or one per page, or a
single PDF inside), or one PDF/TIFF straight under the output root.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import img2pdf
from PIL import Image

from . import defects, render
from .layouts import REGISTRY, Ctx, Doc
from .people import deaccent, make_person, random_address, random_date
from .places import AGENCY_PROVINCES, PROVINCES

# Procedures a one-stop shop receives, with the papers a citizen brings for each
# (`form` names the declaration, see layouts/application_form.py).
SCENARIOS = [
    dict(procedure="Đăng ký thường trú", form="ct01", core=["cccd"],
         optional=["birth_certificate", "marriage_certificate", "residence_confirmation"]),
    dict(procedure="Đăng ký khai sinh", form="khai_sinh", core=["cccd", "marriage_certificate", "birth_certificate"],
         optional=["residence_confirmation"]),
    dict(procedure="Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất "
                   "trong các trường hợp thừa kế",
         form=None, core=["land_use_certificate", "death_certificate", "cccd"],
         optional=["residence_confirmation", "birth_certificate"]),
    dict(procedure="Đăng ký khai tử", form="khai_tu", core=["cccd", "death_certificate"],
         optional=["residence_confirmation", "marriage_certificate"]),
    dict(procedure="Xác nhận thông tin về cư trú", form="ct01", core=["cccd", "residence_confirmation"],
         optional=["birth_certificate", "land_use_certificate"]),
]
ORDER = ["receipt", "application_form", "cccd", "birth_certificate", "marriage_certificate",
         "residence_confirmation", "death_certificate", "land_use_certificate"]


@dataclass
class Sheet:
    img: Image.Image
    doc: int | None  # index of its document, None for a blank back side
    plan: defects.Plan = field(default_factory=defects.Plan)


def dossier_day(rng: random.Random) -> date:
    d = random_date(rng, date(2023, 7, 3), date(2025, 6, 27))
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def agency_code(rng: random.Random, province: str) -> str:
    lnn = PROVINCES[province][2]
    bb = "00" if rng.random() < 0.6 else f"{rng.randint(20, 45)}"
    return f"000.{bb}.{rng.randint(10, 40):02d}.{lnn}"


def choose_docs(rng: random.Random, types: list[str], scenario: int) -> tuple[dict, list[str]]:
    """A procedure and its documents, restricted to the requested and implemented types."""
    avail = [t for t in types if t in REGISTRY]
    sc = SCENARIOS[scenario % len(SCENARIOS)]
    docs = ["receipt"] if rng.random() < 0.75 else []
    if sc["form"] and rng.random() < 0.85:
        docs.append("application_form")
    docs += [t for t in sc["core"] if rng.random() < 0.9]
    docs += [t for t in sc["optional"] if rng.random() < 0.4]
    docs = [t for t in dict.fromkeys(docs) if t in avail]
    if not docs:  # the scenario has none of the wanted types: take a few of them
        docs = rng.sample(avail, min(len(avail), rng.randint(1, 3)))
    docs.sort(key=ORDER.index)
    if "receipt" in docs and rng.random() < 0.2:  # sometimes the receipt is clipped at the back
        docs.remove("receipt")
        docs.append("receipt")
    return sc, docs


def build(rng: random.Random, index: int, used_ids: set[str], types: list[str], with_defects: bool,
          layout: int | None = None, scenario: int | None = None) -> tuple[str, list[Doc], list[Sheet], date]:
    """Render one dossier's documents and the ordered sheets of its scan. Consecutive
    dossiers take the procedures in turn (`scenario`), so even a small batch has every type."""
    sc, wanted = choose_docs(rng, types, rng.randrange(len(SCENARIOS)) if scenario is None else scenario)
    province = rng.choice(AGENCY_PROVINCES)
    day = dossier_day(rng)
    agency = agency_code(rng, province)
    seq = rng.randint(1, 40)
    while True:
        code = f"{agency}-{day:%y%m%d}-{seq:04d}"
        if code not in used_ids:
            break
        seq += 1
    office = random_address(rng, province)
    # a parent of a young child (birth papers in the dossier) is of child-bearing age
    young = "birth_certificate" in wanted or ("application_form" in wanted and sc["form"] == "khai_sinh")
    born = (date(1982, 1, 1), date(2001, 12, 31)) if young else (date(1955, 1, 1), date(2003, 12, 31))
    applicant = make_person(rng, residence=office, born=born)
    ctx = Ctx(rng=rng, day=day, code=code, office=office, applicant=applicant,
              procedure=sc["procedure"], layout=layout)
    ctx.extra["form"] = sc["form"] or "ct01"  # only used when `types` forces a form in
    ctx.extra["newborn"] = ctx.extra["form"] == "khai_sinh"
    ctx.extra["recent_death"] = ctx.extra["form"] == "khai_tu"
    ctx.extra["wanted"] = wanted
    # the dossier is named by its code, except a few named by hand (any name must work)
    dossier_id = code
    if rng.random() < 0.12:
        slug = deaccent(applicant.full_name).lower().replace(" ", "_")
        dossier_id = rng.choice([f"ho_so_{slug}", f"HS_{day:%Y%m%d}_{index + 1:03d}", f"scan {index + 1:03d}"])
        if dossier_id in used_ids:
            dossier_id = code
    used_ids.add(code)
    used_ids.add(dossier_id)

    docs = [REGISTRY[t][ctx.pick(len(REGISTRY[t]))](ctx) for t in wanted]
    sheets: list[Sheet] = []
    for i, doc in enumerate(docs):
        for img in doc.pages:
            sheets.append(Sheet(img, i))
        if len(doc.pages) == 1 and not doc.card and rng.random() < 0.15:
            sheets.append(Sheet(defects.blank_page(rng, rng.getrandbits(32)), None))
    for sh in sheets:
        sh.plan = defects.Plan.draw(rng, with_defects and sh.doc is not None)
        if sh.doc is not None and docs[sh.doc].card:
            sh.plan.skew = 0.0  # the card already lies askew on the glass
    content = [sh for sh in sheets if sh.doc is not None]
    if with_defects and content and rng.random() < 0.2:
        rng.choice(content).plan.turn = 180
    if with_defects and content and rng.random() < 0.08:
        rng.choice(content).plan.turn = rng.choice([90, 270])
    return dossier_id, docs, sheets, day


# -- storage --------------------------------------------------------------------------------
def encode(img: Image.Image, fmt: str, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpg":
        img.save(buf, "JPEG", quality=quality, dpi=(300, 300), subsampling=0 if quality > 80 else 2)
    elif fmt == "png":  # PNG scans are grey: a colour PNG of a noisy page is slow and huge
        img.convert("L").save(buf, "PNG", dpi=(300, 300), compress_level=1)
    return buf.getvalue()


def write_tiff(path: Path, imgs: list[Image.Image]) -> None:
    imgs = [im.convert(imgs[0].mode) for im in imgs]
    imgs[0].save(path, "TIFF", save_all=True, append_images=imgs[1:], dpi=(300, 300),
                 compression="tiff_lzw")


def write_pdf(path: Path, imgs: list[Image.Image], qualities: list[int], when: datetime) -> None:
    """img2pdf embeds each JPEG as is: one 300-dpi page per image, A4 from the JFIF density.
    The PDF dates are the scan time, not now, so a seed always gives the same bytes."""
    # img2pdf's own writer (pikepdf would add a random /ID); version 1.4, the digitization minimum
    pdf = img2pdf.convert_to_docobject([encode(im, "jpg", q) for im, q in zip(imgs, qualities)],
                                       engine=img2pdf.Engine.internal, creationdate=when, moddate=when)
    pdf.output_version = "1.4"
    buf = io.BytesIO()
    pdf.tostream(buf)
    path.write_bytes(buf.getvalue())


def store(rng: random.Random, out_dir: Path, dossier_id: str, docs: list[Doc],
          sheets: list[Sheet], scans: list[Image.Image], day: date,
          single: bool | None = None) -> list[list[dict]]:
    """Write the scanned sheets in one of the shapes (`single`: one file under the root rather
    than a folder; None = either); return, per document, its truth pages."""
    when = datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))
    pages: list[list[dict]] = [[] for _ in docs]
    if single is None:
        single = rng.random() < 0.45
    if single:
        shape = rng.choices(["root_pdf", "root_tiff"], [0.85, 0.15])[0]
    else:
        shape = rng.choices(["per_doc", "per_page", "folder_pdf"], [0.6, 0.25, 0.15])[0]
    q = [sh.plan.quality for sh in sheets]

    if shape in ("root_pdf", "root_tiff"):
        ext = "pdf" if shape == "root_pdf" else "tif"
        rel = f"{dossier_id}.{ext}"
        (write_pdf(out_dir / rel, scans, q, when) if ext == "pdf" else write_tiff(out_dir / rel, scans))
        for n, sh in enumerate(sheets, 1):
            if sh.doc is not None:
                pages[sh.doc].append({"file": rel, "page": n})
        return pages

    folder = out_dir / dossier_id
    folder.mkdir(parents=True, exist_ok=True)
    if shape == "folder_pdf":
        rel = f"{dossier_id}/{rng.choice(['scan', 'ho_so', dossier_id])}.pdf"
        write_pdf(out_dir / rel, scans, q, when)
        for n, sh in enumerate(sheets, 1):
            if sh.doc is not None:
                pages[sh.doc].append({"file": rel, "page": n})
        return pages

    if shape == "per_page":
        # page1 ... page12: natural order, not lexical, puts page10 after page9
        pattern = rng.choice(["page{n}.{e}", "scan_{n}.{e}", "IMG_{n:04d}.{e}", "trang {n}.{e}"])
        ext = rng.choice(["jpg", "jpg", "png"])
        for n, (sh, im) in enumerate(zip(sheets, scans), 1):
            rel = f"{dossier_id}/" + pattern.format(n=n, e=ext)
            (out_dir / rel).write_bytes(encode(im, ext, sh.plan.quality))
            if sh.doc is not None:
                pages[sh.doc].append({"file": rel, "page": 1})
        return pages

    # per_doc: one file per document (its blank back side, if any, inside the same file)
    groups: dict[int, list[int]] = {}
    last = None
    for k, sh in enumerate(sheets):
        key = sh.doc if sh.doc is not None else last
        groups.setdefault(key, []).append(k)
        last = key
    for i, doc in enumerate(docs):
        ks = groups[i]
        imgs = [scans[k] for k in ks]
        if len(ks) == 1:
            ext = "jpg" if doc.card or rng.random() < 0.6 else "png"
        else:
            ext = "tif" if rng.random() < 0.6 else "pdf"
        rel = f"{dossier_id}/{i + 1:02d}_{doc.stem}.{ext}"
        if ext in ("jpg", "png"):
            (out_dir / rel).write_bytes(encode(imgs[0], ext, sheets[ks[0]].plan.quality))
        elif ext == "tif":
            write_tiff(out_dir / rel, imgs)
        else:
            write_pdf(out_dir / rel, imgs, [sheets[k].plan.quality for k in ks], when)
        for n, k in enumerate(ks, 1):
            if sheets[k].doc is not None:
                pages[i].append({"file": rel, "page": n})
    return pages


def scan(rng: random.Random, sheets: list[Sheet]) -> list[Image.Image]:
    """Apply each sheet's defects; a dossier is scanned either in colour or in grey."""
    colour = rng.random() < 0.6
    out = []
    for sh in sheets:
        im = sh.img if colour else sh.img.convert("L")  # a gray scan is a copy already
        seals = sh.img.info.get("seals", ())
        if seals and colour:
            im = im.convert("RGB")  # drawn on a copy, in colour, not on the document's page
        for cx, cy in seals:
            render.seal(im, cx, cy)
        im = defects.apply(im, sh.plan, rng.getrandbits(32))
        out.append(im.convert("RGB" if colour else "L"))
    return out
