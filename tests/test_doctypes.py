"""Every document type is whole: each field has a kind that is parsed, validated and checked
for shape, and the sample generator draws every field of every type. Forgetting one of these
for a new type fails here instead of losing validation silently."""
from __future__ import annotations

import pytest

from digitize import doctypes, extract, review
from digitize.doctypes import base
from digitize.samples import FIELDS, REGISTRY

# One printed example per kind, as OCR hands it over, and the value it must parse to.
EXAMPLES = {
    base.TEXT: ("Bệnh viện Nhân dân Gia Định", "Bệnh viện Nhân dân Gia Định"),
    base.NAME: ("Ông/bà: NGUYỄN VĂN AN", "NGUYỄN VĂN AN"),
    base.DATE: ("ngày 05 tháng 03 năm 2019", "2019-03-05"),
    base.PERSONAL_ID: ("001 090 123 456", "001090123456"),
    base.SEX: ("Nữ", "Nữ"),
    base.AREA: ("1.250,5 m²", "1250.5"),
    base.PHONE: ("0912.345.678", "0912345678"),
    base.CODE: ("139/2020", "139/2020"),
    base.NUMBER: ("896,", "896"),
    base.AUTHORITY: ("UỶ BAN NHÂN DÂN PHƯỜNG CẦU DỀN", "Uỷ ban nhân dân phường Cầu Dền"),
    base.ETHNICITY: ("Kinh", "Kinh"),
    base.NATIONALITY: ("Việt Nam", "Việt Nam"),
    base.ADDRESS: ("Số 12, phường Cầu Dền, quận Hai Bà Trưng, Hà Nội",
                   "Số 12, phường Cầu Dền, quận Hai Bà Trưng, Hà Nội"),
    base.RELATIONSHIP: ("Con", "Con"),
    base.TITLE: ("TỜ KHAI THAY ĐỐI THÔNG TIN CƯ TRÚ", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"),
}
# A value of each kind that its checks must refuse (validators or shape checks).
BAD = {
    base.TEXT: "Nationalty oxpfy", base.NAME: "này và giấy tờ tùy thân", base.DATE: "2019-02-30",
    base.PERSONAL_ID: "12345", base.SEX: "X", base.AREA: "abc", base.PHONE: "123",
    base.CODE: "Dương", base.NUMBER: "896G", base.TITLE: "TỜ KHAI oxpfy", base.AUTHORITY: "Ủy ban nhân dân", base.ETHNICITY: "Klingon",
    base.NATIONALITY: None, base.ADDRESS: "Số 67 đường Võ Văn Ngân, P. 3",
    base.RELATIONSHIP: "Các thành viên khác trong hộ gia đình",
}

CASES = [(dt.name, key) for dt in doctypes.REGISTRY.values() for key in dt.keys]


def test_every_kind_has_an_example_and_a_name_for_reviewers():
    kinds = {spec.kind for dt in doctypes.REGISTRY.values() for spec in dt.fields}
    assert kinds <= set(EXAMPLES), kinds - set(EXAMPLES)
    assert kinds <= set(review.KIND_NAMES), kinds - set(review.KIND_NAMES)


@pytest.mark.parametrize("doc_type,key", CASES)
def test_each_field_is_parsed_and_checked(doc_type, key):
    dt = doctypes.get(doc_type)
    specs = dt.specs(key)
    assert specs and len({s.kind for s in specs}) == 1, "one kind per field, whatever the layout"
    kind = specs[0].kind
    raw, want = EXAMPLES[kind]
    assert extract.parse(kind, raw) == want
    bad = BAD[kind]
    if bad is not None:
        fields = {k: None for k in dt.keys}
        fields[key] = bad
        problems = extract.validate_fields(doc_type, fields).get(key, [])
        assert problems or extract.shape_reasons(kind, bad), f"{kind} value {bad!r} passes unflagged"


@pytest.mark.parametrize("doc_type", sorted(doctypes.REGISTRY))
def test_each_type_has_a_sample_layout_drawing_all_its_fields(doc_type):
    assert doc_type in REGISTRY, f"no sample layout draws {doc_type}"
    assert FIELDS[doc_type] == doctypes.field_keys(doc_type)
