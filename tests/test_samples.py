"""Quick checks of the synthetic dossier generator (no OCR)."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from digitize.samples import REGISTRY, generate
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
            with Image.open(f) if f.suffix != ".pdf" else _nullctx() as im:
                if im is not None:
                    assert im.info.get("dpi", (300, 300))[0] == pytest.approx(300, abs=1)
                    im.seek(p["page"] - 1)  # the page exists in a multi-page TIFF


class _nullctx:
    def __enter__(self):
        return None

    def __exit__(self, *a):
        return False


def test_field_keys_match_contract(batch):
    _, recs = batch
    for r in recs:
        assert r["doc_type"] in KEYS
        assert list(r["fields"]) == KEYS[r["doc_type"]]


def _check_id(pid: str, born: str | None, sex: str | None):
    assert re.fullmatch(r"\d{12}", pid), pid
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
            _check_id(f["personal_id"], f["date_of_birth"], f["sex"])
        if t == "marriage_certificate":
            _check_id(f["husband_personal_id"], f["husband_date_of_birth"], "Nam")
            _check_id(f["wife_personal_id"], f["wife_date_of_birth"], "Nữ")
        if t == "receipt":
            code = f["dossier_code"]
            assert CODE.match(code)
            yymmdd = code.split("-")[1]
            assert f["received_date"] == f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}"
            assert f["appointment_date"] >= f["received_date"]
            if CODE.match(r["dossier"]):
                assert r["dossier"] == code


def test_deterministic(tmp_path):
    a = generate(tmp_path / "a", 2, seed=3)
    b = generate(tmp_path / "b", 2, seed=3)
    assert a == b
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    c = generate(tmp_path / "c", 2, seed=4)
    assert c != a


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


@pytest.mark.parametrize("t", sorted(REGISTRY))
def test_every_type_renders(tmp_path, t):
    recs = generate(tmp_path, 1, seed=2, types=[t])
    assert recs and all(r["doc_type"] == t for r in recs)


def test_mrz_check_digits():
    # ICAO 9303 example: document number L898902C3 has check digit 6
    assert check_digit("L898902C3") == "6"
    lines = mrz("001204012345", "NGUYỄN THỊ MAI", date(2004, 3, 5), "Nữ", date(2029, 3, 5))
    assert [len(x) for x in lines] == [30, 30, 30]
    assert lines[0].startswith("IDVNM204012345")
    assert lines[2].startswith("NGUYEN<<THI<MAI")
    assert lines[1][7] == "F"
