"""Looking things up in a processed store: `search`, `list`, `show DOSSIER`, the export's ids."""
from __future__ import annotations

import json
import sqlite3

import pytest

from digitize import store
from digitize.search import filters, search
from digitize.vntext import fold

from .conftest import digitize

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _marked_names(records: list[dict]) -> list[tuple[dict, str, str]]:
    """(record, key, value) of name fields whose value carries Vietnamese marks."""
    out = []
    for r in records:
        for key, f in r["fields"].items():
            v = f["value"]
            if key.endswith("name") and v and fold(v) != v.lower() and len(v.split()) >= 3:
                out.append((r, key, v))
    return out


def test_a_name_typed_without_marks_finds_it_printed_with_them(corpus):
    db = str(corpus["db"])
    names = _marked_names(corpus["records"])
    assert len(names) >= 5
    for rec, key, value in names[:6]:
        query = fold(value)  # 'NGUYỄN VĂN DŨNG' -> 'nguyen van dung': no marks, no đ, lower case
        assert query != value
        p = digitize("search", query, "--json", "--limit", "500", "--db", db)
        assert p.returncode == 0, p.stderr
        hits = _json_lines(p.stdout)
        mine = [h for h in hits if h["document_id"] == rec["id"]]
        assert mine, (query, rec["id"], [h["document_id"] for h in hits])
        assert all(fold(h["text"].replace("«", "").replace("»", "")).find(query) >= 0 for h in hits if h["field"])
        # the match is marked in the value
        assert any("«" in h["text"] and "»" in h["text"] for h in mine)


def test_d_with_stroke_folds_to_d(corpus):
    db = str(corpus["db"])
    with_d = [(r, f["value"]) for r in corpus["records"] for f in r["fields"].values()
              if f["value"] and ("Đ" in f["value"] or "đ" in f["value"])]
    assert with_d
    rec, value = with_d[0]
    word = next(w for w in value.split() if "Đ" in w or "đ" in w)
    p = digitize("search", fold(word), "--json", "--limit", "1000", "--db", db)
    assert p.returncode == 0, p.stderr
    assert rec["id"] in {h["document_id"] for h in _json_lines(p.stdout)}


def test_an_id_finds_its_document_exactly(corpus):
    db = str(corpus["db"])
    ids = {(r["id"], k): f["value"] for r in corpus["records"] for k, f in r["fields"].items()
           if k.endswith("personal_id") and f["value"] and len(f["value"]) == 12}
    assert ids
    (doc_id, key), pid = next(iter(ids.items()))
    p = digitize("search", pid, "--json", "--show-pii", "--db", db)
    assert p.returncode == 0, p.stderr
    hits = _json_lines(p.stdout)
    want = {d for (d, _k), v in ids.items() if v == pid}
    assert {h["document_id"] for h in hits} == want
    assert all(h["field"].endswith("personal_id") for h in hits)
    # masked unless asked
    masked = digitize("search", pid, "--db", db)
    assert pid not in masked.stdout and masked.returncode == 0
    # one digit off finds nothing: ids match exactly
    other = pid[:-1] + str((int(pid[-1]) + 1) % 10)
    if other not in ids.values():
        assert digitize("search", other, "--db", db).returncode == 1


def test_filters_narrow_and_json_parses(corpus):
    db = str(corpus["db"])
    everything = _json_lines(digitize("search", "cong hoa", "--json", "--limit", "1000", "--db", db, check=True).stdout)
    assert len(everything) >= 5
    doc_type = everything[0]["doc_type"]
    typed = _json_lines(digitize("search", "cong hoa", "--json", "--limit", "1000", "--doc-type", doc_type,
                                 "--db", db, check=True).stdout)
    assert typed and all(h["doc_type"] == doc_type for h in typed) and len(typed) < len(everything)
    dossier = everything[0]["dossier"]
    one = _json_lines(digitize("search", "cong hoa", "--json", "--limit", "1000", "--dossier", dossier,
                               "--db", db, check=True).stdout)
    assert one and {h["dossier"] for h in one} == {dossier}
    # --field searches that field only
    rec, key, value = _marked_names(corpus["records"])[0]
    only = _json_lines(digitize("search", fold(value), "--field", key, "--json", "--db", db, check=True).stdout)
    assert only and all(h["field"] == key for h in only)
    assert digitize("search", fold(value), "--field", "sex", "--db", db).returncode == 1
    # dates: a document's own date bounds it in, a range before every date leaves nothing
    dated = next(r for r in corpus["records"] if r["fields"].get("date_of_birth", {}).get("value"))
    dob = dated["fields"]["date_of_birth"]["value"]
    listed = _json_lines(digitize("list", "--from", dob, "--to", dob, "--json", "--db", db, check=True).stdout)
    assert dated["id"] in {r["id"] for r in listed}
    assert digitize("list", "--to", "1800-01-01", "--db", db).returncode == 2
    statuses = {r["status"] for r in _json_lines(digitize("list", "--status", "needs_review", "--json",
                                                          "--db", db, check=True).stdout)}
    assert statuses == {"needs_review"}


def test_user_mistakes_exit_2(corpus):
    db = str(corpus["db"])
    for args in (["search", "x", "--status", "done"], ["search", "x", "--doc-type", "passport"],
                 ["search", "x", "--dossier", "no-such-dossier"], ["search", "x", "--from", "1/2/2020"],
                 ["search", "x", "--field", "shoe_size"], ["search", "  "], ["show", "no-such/9"]):
        p = digitize(*args, "--db", db)
        assert p.returncode == 2, (args, p.stdout, p.stderr)
        assert "Traceback" not in p.stderr and "error" in p.stderr


def test_show_a_dossier_lists_its_documents_with_the_export_ids(corpus):
    db = str(corpus["db"])
    dossier = corpus["records"][0]["dossier"]
    rows = _json_lines(digitize("show", dossier, "--json", "--db", db, check=True).stdout)
    want = [r["id"] for r in corpus["records"] if r["dossier"] == dossier]
    assert [r["id"] for r in rows] == want == [f"{dossier}/{i}" for i in range(1, len(want) + 1)]
    table = digitize("show", dossier, "--db", db, check=True).stdout
    assert "flagged" in table
    # each id is one `show` takes
    shown = json.loads(digitize("show", want[-1], "--json", "--show-pii", "--db", db, check=True).stdout)
    assert shown == corpus["records"][len(want) - 1]


def test_the_index_follows_a_review_and_an_old_store_is_backfilled(corpus, tmp_path):
    path = tmp_path / "copy.db"
    src = sqlite3.connect(corpus["db"])
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    # a store as version 2 left it: no search rows, no outbox
    dst.execute("DROP TABLE documents_fts")
    dst.execute("DROP TABLE outbox")
    for table, column in (("files", "mtime_ns"), ("files", "inode"), ("fields", "machine_reasons"),  # v4, v5
                          ("pages", "note")):  # v6
        dst.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    dst.execute("PRAGMA user_version = 2")
    dst.commit()
    dst.close()
    db = store.open_store(path)
    rec, key, value = _marked_names(corpus["records"])[0]
    assert rec["id"] in {h.document_id for h in search(db, fold(value), filters(), limit=1000)}
    f = next(r for r in store.fields_of(db, rec["id"]) if r["key"] == key)
    store.settle_field(db, rec["id"], key, "correct", "TRẦN ĐĂNG KHOA", [], "lan",
                       {"value": f["value"], "reviewed_at": f["reviewed_at"]})
    assert [h.document_id for h in search(db, "tran dang khoa", filters())] == [rec["id"]]
    assert rec["id"] not in {h.document_id for h in search(db, fold(value), filters(), field=key, limit=1000)}


def test_new_commands_show_an_example():
    for cmd in ("search", "list", "bundle", "verify", "upload"):
        p = digitize(cmd, "--help")
        assert p.returncode == 0 and "Example" in p.stdout, cmd
