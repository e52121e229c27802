"""Quick checks of the synthetic dossier generator (no OCR)."""
from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from datetime import date

import pytest
from PIL import Image

from digitize.samples import REGISTRY, dossiers, generate
from digitize.samples.layouts.cccd import check_digit, mrz

# Field keys per type, copied from RECORDS.md (the contract), not from the package.
KEYS = {
    "cccd": ["personal_id", "full_name", "date_of_birth", "sex", "nationality", "place_of_origin",
             "place_of_residence", "expiry_date"],
    "birth_certificate": ["full_name", "date_of_birth", "sex", "ethnicity", "nationality",
                          "place_of_birth", "personal_id", "father_name", "mother_name",
                          "registration_number", "book_number", "registration_date", "issuing_authority"],
    "residence_confirmation": ["full_name", "date_of_birth", "sex", "personal_id", "place_of_residence",
                               "household_head_name", "relationship_to_head", "issue_date",
                               "issuing_authority"],
    "marriage_certificate": ["husband_name", "husband_date_of_birth", "husband_personal_id", "wife_name",
                             "wife_date_of_birth", "wife_personal_id", "registration_number",
                             "registration_date", "issuing_authority"],
    "death_certificate": ["full_name", "date_of_birth", "sex", "personal_id", "date_of_death",
                          "place_of_death", "registration_number", "registration_date", "issuing_authority"],
    "land_use_certificate": ["holder_name", "holder_personal_id", "parcel_number", "map_sheet_number",
                             "land_address", "area_m2", "land_use_purpose", "certificate_serial",
                             "issue_date", "issuing_authority"],
    "application_form": ["form_title", "applicant_name", "applicant_personal_id", "applicant_phone",
                         "applicant_address", "submission_date"],
    "receipt": ["dossier_code", "procedure_name", "applicant_name", "received_date", "appointment_date"],
}
# Place codes of DOMAIN §4 (the 63 pre-2025 provinces).
PLACES = set("""001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034
035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075
077 079 080 082 083 084 086 087 089 091 092 093 094 095 096""".split())
CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    return out, generate(out, 4, seed=7)


def test_truth_file_and_pages_exist(batch):
    out, recs = batch
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == recs
    assert recs
    for r in recs:
        assert r["pages"]
        for p in r["pages"]:
            f = out / p["file"]
            assert f.exists(), p
            if f.suffix == ".pdf":
                data = f.read_bytes()
                assert data.startswith(b"%PDF-1.")
                assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= p["page"]
                continue
            with Image.open(f) as im:
                assert im.info.get("dpi", (300, 300))[0] == pytest.approx(300, abs=1)
                im.seek(p["page"] - 1)  # the page exists in a multi-page TIFF


def test_field_keys_match_contract(batch):
    _, recs = batch
    for r in recs:
        assert r["doc_type"] in KEYS
        assert list(r["fields"]) == KEYS[r["doc_type"]]


def _check_id(pid: str, born: str | None, sex: str | None, cmnd_ok: bool = False):
    if cmnd_ok and re.fullmatch(r"\d{9}", pid):  # an old CMND number is kept as its 9 digits
        return
    assert re.fullmatch(r"\d{12}", pid), pid
    assert pid[:3] in PLACES, pid
    if born:
        g = int(pid[3])
        year = int(born[:4])
        assert year == 1900 + 100 * (g // 2) + int(pid[4:6])
        if sex:
            assert (g % 2 == 1) == (sex == "Nữ")


def test_values_formats(batch):
    _, recs = batch
    for r in recs:
        f = r["fields"]
        for k, v in f.items():
            if v is None:
                continue
            assert isinstance(v, str)
            assert unicodedata.is_normalized("NFC", v), (k, v)
            assert v == " ".join(v.split()) and v[-1] not in ".,;:", (k, v)
            if "date" in k and k != "expiry_date" or k == "date_of_death":
                assert ISO.match(v), (k, v)
                date.fromisoformat(v)
            if k == "expiry_date":
                assert v == "indefinite" or ISO.match(v)
            if k == "sex":
                assert v in ("Nam", "Nữ")
            if k == "area_m2":
                float(v)
            if k == "applicant_phone":
                assert v.isdigit() and v.startswith("0")
        t = r["doc_type"]
        if t in ("cccd", "birth_certificate", "residence_confirmation", "death_certificate"):
            if f["personal_id"] is not None or t != "birth_certificate":  # old certificates print none
                _check_id(f["personal_id"], f["date_of_birth"], f["sex"])
        if t == "marriage_certificate":
            _check_id(f["husband_personal_id"], f["husband_date_of_birth"], "Nam", cmnd_ok=True)
            _check_id(f["wife_personal_id"], f["wife_date_of_birth"], "Nữ", cmnd_ok=True)
        if t == "land_use_certificate":
            _check_id(f["holder_personal_id"], None, None, cmnd_ok=True)
            assert re.fullmatch(r"[A-ZĐ]{2} \d{6,8}", f["certificate_serial"])
        if t == "application_form":
            assert f["form_title"].startswith("TỜ KHAI")
            _check_id(f["applicant_personal_id"], None, None)
        if t == "receipt":
            code = f["dossier_code"]
            assert CODE.match(code)
            yymmdd = code.split("-")[1]
            assert f["received_date"] == f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}"
            assert f["appointment_date"] >= f["received_date"]
            if CODE.match(r["dossier"]):
                assert r["dossier"] == code


def test_deterministic(tmp_path):
    a = generate(tmp_path / "a", 1, seed=3)
    b = generate(tmp_path / "b", 1, seed=3)
    assert a == b
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    c = generate(tmp_path / "c", 1, seed=4)
    assert c != a
    # the bytes too, not only the truth (noise and defects are seeded)
    for f in files_a:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_both_shapes(tmp_path):
    recs = generate(tmp_path, 12, seed=1, defects=False)
    shapes = Counter()
    for d in {r["dossier"] for r in recs}:
        shapes["folder" if (tmp_path / d).is_dir() else "file"] += 1
        assert (tmp_path / d).is_dir() or any((tmp_path / f"{d}.{e}").is_file() for e in ("pdf", "tif"))
    assert shapes["folder"] >= 3 and shapes["file"] >= 2, shapes


def test_types_filter_and_same_applicant(tmp_path):
    recs = generate(tmp_path, 3, seed=5, types=["cccd", "residence_confirmation"])
    assert {r["doc_type"] for r in recs} <= {"cccd", "residence_confirmation"}
    by = {}
    for r in recs:
        by.setdefault(r["dossier"], []).append(r)
    for docs in by.values():
        ids = {(d["fields"]["personal_id"], d["fields"]["full_name"]) for d in docs}
        assert len(ids) == 1  # one applicant per dossier


@pytest.mark.parametrize("t,layout", [(t, i) for t in sorted(REGISTRY) for i in range(len(REGISTRY[t]))])
def test_every_layout_renders(t, layout):
    for seed in (2, 9, 13, 21):  # early and late dates pick different form versions
        _, docs, sheets, _ = dossiers.build(random.Random(seed), 0, set(), [t], False, layout=layout)
        assert docs and all(d.doc_type == t for d in docs)
        for d in docs:
            assert set(d.fields) == set(KEYS[t])
            for im in d.pages:
                assert im.size == (2480, 3508)
                # nothing runs off the sheet: the bottom and right margins stay blank
                assert im.convert("L").crop((0, 3508 - 100, 2480, 3508)).getextrema() == (255, 255), seed
                assert im.convert("L").crop((2480 - 40, 0, 2480, 3508)).getextrema() == (255, 255), seed
        assert all(sh.doc is None or sh.img.size == (2480, 3508) for sh in sheets)


def test_mrz_check_digits():
    # ICAO 9303 example: document number L898902C3 has check digit 6
    assert check_digit("L898902C3") == "6"
    lines = mrz("001204012345", "NGUYỄN THỊ MAI", date(2004, 3, 5), "Nữ", date(2029, 3, 5))
    assert [len(x) for x in lines] == [30, 30, 30]
    assert lines[0].startswith("IDVNM204012345")
    assert lines[2].startswith("NGUYEN<<THI<MAI")
    assert lines[1][7] == "F"
