"""End to end: generated scans -> the real `digitize` CLI with real Tesseract -> export -> scored.

No mocks: the engine reads the images the generator drew, SQLite is a real file.
"""
from __future__ import annotations

import re
import sqlite3

import pytest

from digitize import doctypes
from digitize.scoring import score

from .conftest import digitize

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_accuracy_against_truth(corpus):
    s = score(corpus["truth"], corpus["records"])
    print(f"\naccuracy {s.overall.accuracy:.3f} silent {s.overall.silent_rate:.3f} "
          f"review load {s.overall.review_load:.3f} type {s.type_accuracy:.3f} split {s.split_accuracy:.3f}")
    for e in s.errors:
        print(" ", e)
    assert s.documents == len(corpus["truth"]) > 5
    assert s.type_accuracy == 1.0
    assert s.split_accuracy == 1.0
    assert s.overall.accuracy >= 0.85
    # the number that matters: wrong values that nobody would be asked to look at
    assert s.overall.silent_rate <= 0.02


def test_export_follows_the_contract(corpus):
    for rec in corpus["records"]:
        assert set(rec) >= {"dossier", "pages", "doc_type", "doc_type_confidence", "status", "fields"}
        assert rec["status"] in ("ok", "needs_review", "reviewed", "failed")
        assert rec["pages"] and all(set(p) == {"file", "page"} and p["page"] >= 1 for p in rec["pages"])
        assert list(rec["fields"]) == doctypes.field_keys(rec["doc_type"])
        flagged = any(f["flagged"] for f in rec["fields"].values())
        assert rec["status"] == ("needs_review" if flagged else rec["status"])
        for key, f in rec["fields"].items():
            assert 0.0 <= f["confidence"] <= 1.0
            if f["value"] is None:
                assert f["flagged"] or f["reasons"] == ["not_printed"], (key, f)
                continue
            if "date" in key or key == "date_of_death":
                assert ISO.match(f["value"]) or f["value"] == "indefinite", (key, f["value"])
            if key.endswith("personal_id"):
                assert f["value"].isdigit()
            if key == "sex":
                assert f["value"] in ("Nam", "Nữ")
            assert f["bbox"] is None or (len(f["bbox"]) == 4 and f["bbox"][0] < f["bbox"][2])


def test_records_come_in_dossier_then_page_order(corpus):
    from natsort import natsorted, ns

    got = [r["dossier"] for r in corpus["records"]]
    dossiers = list(dict.fromkeys(got))
    assert dossiers == natsorted(dossiers, alg=ns.IGNORECASE)
    assert len(dossiers) == len(set(got))  # each dossier's documents together
    for d in dossiers:
        want = [(p["file"], p["page"]) for t in corpus["truth"] if t["dossier"] == d for p in t["pages"][:1]]
        have = [(p["file"], p["page"]) for r in corpus["records"] if r["dossier"] == d and r["pages"]
                for p in r["pages"][:1]]
        assert have == want, d


def test_second_run_adds_nothing(corpus):
    db = corpus["db"]
    before = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
    again = digitize("run", str(corpus["scans"]), "--db", str(db), "--quiet")
    assert again.returncode == 0, again.stderr
    assert "nothing new" in again.stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == before
    last = con.execute("SELECT pages, documents, skipped, dossiers FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == 0 and last[1] == 0 and last[2] == last[3]


def test_every_page_is_stored_once_with_quality(corpus):
    con = sqlite3.connect(corpus["db"])
    truth_pages = {(p["file"], p["page"]) for t in corpus["truth"] for p in t["pages"]}
    stored = con.execute("SELECT file_rel, page, blank, dpi, blur, document_id FROM pages").fetchall()
    assert len(stored) == len({(r[0], r[1]) for r in stored})
    in_docs = {(r[0], r[1]) for r in stored if r[5]}
    assert truth_pages == in_docs
    assert all(r[3] >= 100 and r[4] > 0 for r in stored if not r[2])


def test_search_index_finds_page_text(corpus):
    con = sqlite3.connect(corpus["db"])
    hits = con.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH 'text_folded:\"cong hoa\"'").fetchone()[0]
    assert hits > 0


def test_status_and_show(corpus):
    st = digitize("status", "--db", str(corpus["db"]), check=True)
    assert "needs_review" in st.stdout and "last runs" in st.stdout
    doc = sqlite3.connect(corpus["db"]).execute(
        "SELECT id FROM documents WHERE doc_type != 'unknown' ORDER BY rowid LIMIT 1").fetchone()[0]
    shown = digitize("show", doc, "--db", str(corpus["db"]), check=True)
    # the table of its fields: every field of the type, with its confidence column
    from digitize import doctypes
    doc_type = sqlite3.connect(corpus["db"]).execute("SELECT doc_type FROM documents WHERE id = ?", [doc]).fetchone()[0]
    assert all(key in shown.stdout for key in doctypes.field_keys(doc_type))
    assert re.search(r"\bconf\b", shown.stdout) and re.search(r"\d\.\d\d", shown.stdout)
    # personal ids are masked unless asked for
    assert not re.search(r"(?<!\d)\d{12}(?!\d)", shown.stdout)


def test_csv_export(corpus, tmp_path):
    out = tmp_path / "records.csv"
    digitize("export", "--format", "csv", "--out", str(out), "--db", str(corpus["db"]), check=True)
    lines = out.read_text(encoding="utf-8-sig").splitlines()  # with a byte-order mark, for Excel
    assert lines[0].startswith("dossier,document,doc_type")
    assert len(lines) > len(corpus["records"])
    assert oct(out.stat().st_mode & 0o777) == "0o600"
