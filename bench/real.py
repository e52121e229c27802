"""Real images with truth read by eye (../shared/real), each through the real CLI, field by field,
beside what plain `tesseract -l vie` reads from the same image.

    make bench-real

Each image is copied into a dossier folder of its own under bench/out/real/scans (never into the
project: the images are other people's), read by `digitize run`, and its export compared with
the truth file's fields, normalised as the contract scores (NFC, case folded, white space
collapsed, ids digits only, areas as numbers). A field whose truth is null (not printed on this
page, left blank, or printed invalid) is right only when the export has no value for it.

Per image: the type given, the fields right, wrong-and-flagged, wrong-and-unflagged (silent),
and how many of the truth's values plain tesseract's text contains (the bare engine's reading,
for "never read a page worse than the engine does"), and field by field which of those digitize
missed.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

from common import OUT, ROOT, digitize, read_jsonl

REAL = ROOT.parent / "shared" / "real" / "images"


def norm(key: str, v) -> str | None:
    if v is None:
        return None
    s = unicodedata.normalize("NFC", str(v)).casefold()
    s = re.sub(r"\s+", " ", s).strip()
    if key.endswith("personal_id") or key == "applicant_phone":
        return re.sub(r"\D", "", s)
    if key == "area_m2":
        try:
            return f"{float(s):.1f}"
        except ValueError:
            return s
    return s


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.casefold()).replace("đ", "d")
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if unicodedata.category(c) != "Mn"))


def engine_reads(key: str, value, text_folded: str) -> bool:
    """Whether the bare engine's text holds the truth value (marks and spacing aside)."""
    if value is None:
        return False
    v = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        y, m, d = v.split("-")
        return any(fold(x) in text_folded for x in (f"{d}/{m}/{y}", f"{int(d)}/{int(m)}/{y}", f"{d}{m}{y}"))
    if key == "area_m2":
        v = str(value).replace(".", ",")
    return bool(fold(v)) and fold(v) in text_folded


def main() -> int:
    if not REAL.is_dir():
        print(f"the real images are not here ({REAL}): nothing to measure")
        return 0
    base = OUT / "real"
    shutil.rmtree(base, ignore_errors=True)
    scans = base / "scans"
    truths = {}
    for tf in sorted(REAL.glob("*.truth.json")):
        img = REAL / tf.name[: -len(".truth.json")]
        folder = scans / img.stem
        folder.mkdir(parents=True)
        shutil.copy(img, folder / img.name)
        truths[img.stem] = (json.loads(tf.read_text(encoding="utf-8")), img)
    db, export = base / "digitize.db", base / "records.jsonl"
    rc, secs, log = digitize("run", str(scans), "--db", str(db), "--quiet")
    if rc not in (0, 1):
        print(log)
        return 1
    rc, _, log = digitize("export", "--format", "jsonl", "--out", str(export), "--db", str(db))
    if rc:
        print(log)
        return 1
    by_dossier: dict[str, list[dict]] = {}
    for r in read_jsonl(export):
        by_dossier.setdefault(r["dossier"], []).append(r)
    totals = dict(images=0, typed=0, fields=0, right=0, flagged=0, silent=0, valued=0, engine=0, ours=0,
                  engine_only=0)
    print(f"{'image':44} {'truth type':22} {'given':22} {'fields':>6} {'right':>5} {'flag':>4} "
          f"{'silent':>6} {'values: engine / digitize':>26}")
    for name, (truth, img) in truths.items():
        docs = by_dossier.get(name, [])
        given = "+".join(d["doc_type"] for d in docs) or "(none)"
        main_doc = next((d for d in docs if d["doc_type"] == truth["doc_type"]), docs[0] if docs else None)
        tess = subprocess.run(["tesseract", str(img), "stdout", "-l", "vie"], capture_output=True, text=True)
        text_folded = fold(tess.stdout)
        right = flagged = silent = valued = engine = ours = engine_only = 0
        fields = truth["fields"]
        for key, tv in fields.items():
            f = (main_doc or {}).get("fields", {}).get(key) if main_doc and main_doc["doc_type"] == truth["doc_type"] \
                else None
            got = f["value"] if f else None
            ok = norm(key, got) == norm(key, tv)
            is_flagged = bool(f and f["flagged"]) or bool(main_doc and main_doc["status"] in ("needs_review", "failed")
                                                         and main_doc["doc_type"] != truth["doc_type"])
            right += ok
            if not ok:
                flagged += is_flagged
                silent += not is_flagged
                if got is not None or tv is not None:
                    print(f"    {name}: {key}: truth {tv!r} got {got!r}{' (flagged)' if is_flagged else ' SILENT'}")
            if tv is not None:
                valued += 1
                held = engine_reads(key, tv, text_folded)
                engine += held
                ours += ok
                if held and not ok:  # the bare engine's text holds a value digitize did not read
                    engine_only += 1
                    print(f"    {name}: {key}: plain tesseract's text holds {tv!r}")
        typed = bool(docs) and docs[0]["doc_type"] == truth["doc_type"] and len(docs) == 1
        print(f"{name:44} {truth['doc_type']:22} {given:22} {len(fields):>6} {right:>5} {flagged:>4} {silent:>6} "
              f"{engine:>13} / {ours:<10}")
        for k, v in (("images", 1), ("typed", typed), ("fields", len(fields)), ("right", right),
                     ("flagged", flagged), ("silent", silent), ("valued", valued), ("engine", engine),
                     ("ours", ours), ("engine_only", engine_only)):
            totals[k] += v
    t = totals
    print(f"\nreal images: {t['typed']} of {t['images']} typed right; fields right {t['right']} of {t['fields']} "
          f"({100 * t['right'] / max(t['fields'], 1):.0f}%), wrong and flagged {t['flagged']}, wrong and unflagged "
          f"{t['silent']}; of {t['valued']} printed values, plain tesseract's text holds {t['engine']}, "
          f"digitize reads {t['ours']} right; values the engine's text holds and digitize missed: "
          f"{t['engine_only']} ({secs:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
