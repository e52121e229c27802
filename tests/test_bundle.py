"""`digitize bundle` and `digitize verify`: a dossier to carry on a disk, and the check at the other end."""
from __future__ import annotations

import json
import zipfile

import pytest

from .conftest import digitize

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them


def test_verify_passes_then_names_the_pdf_with_one_byte_changed(corpus, tmp_path):
    dossier = corpus["records"][0]["dossier"]
    out = tmp_path / "bundles"
    p = digitize("bundle", "--out", str(out), "--dossier", dossier, "--db", str(corpus["db"]))
    assert p.returncode == 0, p.stdout + p.stderr
    folder = out / dossier
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["path"] for e in manifest["files"]}
    mine = [r for r in corpus["records"] if r["dossier"] == dossier]
    assert listed == {"records.json"} | {f"pdf/{r['id'].rsplit('/', 1)[1]}.pdf" for r in mine if r["status"] != "failed"}
    assert manifest["tool_version"] and len(manifest["audit_head"]) == 64 and manifest["dossier"] == dossier
    assert json.loads((folder / "records.json").read_text(encoding="utf-8")) == mine
    assert all(oct(f.stat().st_mode & 0o777) == "0o600" for f in folder.rglob("*") if f.is_file())

    ok = digitize("verify", str(folder))
    assert ok.returncode == 0 and "intact" in ok.stdout, ok.stdout + ok.stderr

    victim = sorted(folder.glob("pdf/*.pdf"))[-1]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit of one byte
    victim.write_bytes(bytes(data))
    bad = digitize("verify", str(folder))
    assert bad.returncode == 5, bad.stdout + bad.stderr
    assert f"pdf/{victim.name}" in bad.stderr and "SHA-256" in bad.stderr

    victim.unlink()
    gone = digitize("verify", str(folder))
    assert gone.returncode == 5 and "missing" in gone.stderr


def test_zip_bundles_verify_and_catch_a_changed_byte(corpus, tmp_path):
    dossier = corpus["records"][-1]["dossier"]
    out = tmp_path / "bundles"
    digitize("bundle", "--out", str(out), "--zip", "--dossier", dossier, "--db", str(corpus["db"]), check=True)
    path = out / f"{dossier}.zip"
    assert digitize("verify", str(path)).returncode == 0
    # rewrite the zip with one byte of records.json changed (a valid zip: its CRC matches the new bytes)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("records.json"):
                data = data.replace(b'"status"', b'"Status"', 1)
            dst.writestr(info, data)
    p = digitize("verify", str(broken))
    assert p.returncode == 5 and "records.json" in p.stderr


def test_bundle_mistakes(corpus, tmp_path):
    assert digitize("bundle", "--out", str(tmp_path), "--dossier", "nope", "--db", str(corpus["db"])).returncode == 2
    assert digitize("verify", str(tmp_path / "nothing-here")).returncode == 2
