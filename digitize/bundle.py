"""Bundles: one dossier as files to carry on a disk to the provincial system. A folder (or a
.zip of it) holding `records.json` (the export records), `pdf/N.pdf` (one PDF/A per document)
and `manifest.json`: every other file with its SHA-256 and size, the tool's version and the
review trail's head hash, so the receiver can tell a bundle arrived whole and which trail it
came from.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__, export, pdfexport, store
from .files import write_private

MANIFEST = "manifest.json"
FORMAT = "digitize-bundle/1"
_CHUNK = 1 << 20  # bytes hashed at a time


class BundleError(Exception):
    """Not a bundle, or one that cannot be read (exit 2)."""


@dataclass
class Entry:
    path: str  # relative to the bundle, '/'-separated
    sha256: str
    size: int


@dataclass
class Built:
    path: Path
    documents: int
    files: int
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document, why it has no PDF)


def _entry(path: str, data: bytes) -> Entry:
    return Entry(path, hashlib.sha256(data).hexdigest(), len(data))


def contents(db, dossier: str) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """{relative path: bytes} of a dossier's bundle, and the documents whose PDF could not be made."""
    records = list(export.records(db, dossier=dossier))
    files: dict[str, bytes] = {"records.json": json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")}
    failed = []
    for rec in records:
        if rec["status"] == "failed":
            continue
        try:
            made = pdfexport.document_pdf(db, rec["id"])
        except pdfexport.PdfError as e:
            failed.append((rec["id"], str(e)))
            continue
        files[f"pdf/{rec['id'].rsplit('/', 1)[1]}.pdf"] = made.data
    return with_manifest(files, dossier, [r["id"] for r in records], store.trail_head(db)), failed


def with_manifest(files: dict[str, bytes], dossier: str, documents: list[str], trail_head: dict) -> dict[str, bytes]:
    manifest = {"format": FORMAT, "dossier": dossier, "created": store.now(), "tool": "digitize",
                "tool_version": __version__, "audit_head": trail_head["hash"], "audit_events": trail_head["events"],
                "documents": documents,
                "files": [asdict(_entry(p, data)) for p, data in sorted(files.items())]}
    return {**files, MANIFEST: json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")}


def write(db, out_dir: Path, dossier: str, as_zip: bool = False) -> Built:
    files, failed = contents(db, dossier)
    path = place(out_dir, dossier, files, as_zip)
    return Built(path, len(json.loads(files["records.json"])), len(files), failed)


def place(out_dir: Path, name: str, files: dict[str, bytes], as_zip: bool = False) -> Path:
    """Write the bundle as out_dir/NAME/ or out_dir/NAME.zip. It is assembled under a
    '.partial' name and renamed when complete: a bundle that exists is a whole one."""
    final = out_dir / (f"{name}.zip" if as_zip else name)
    partial = final.with_name(final.name + ".partial")
    _remove(partial)
    if as_zip:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for rel, data in files.items():  # PDFs are compressed already: stored as they are
                z.writestr(f"{name}/{rel}", data, zipfile.ZIP_STORED if rel.endswith(".pdf") else zipfile.ZIP_DEFLATED)
        write_private(partial, buf.getvalue())
    else:
        for rel, data in files.items():
            write_private(partial / rel, data)
    _remove(final)
    os.replace(partial, final)
    return final


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# --- verify -------------------------------------------------------------------------------------

@dataclass
class Verdict:
    files: int  # files checked and found intact
    bad: str | None = None  # the first bad file, relative to the bundle
    reason: str = ""
    manifest: dict = field(default_factory=dict)


class _Folder:
    def __init__(self, root: Path):
        self.root = root

    def names(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())

    def open(self, rel: str):
        path = self.root / rel
        return path.open("rb") if path.is_file() else None


class _Zip:
    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        tops = {n.split("/", 1)[0] for n in z.namelist()}
        self.prefix = f"{tops.pop()}/" if len(tops) == 1 and all("/" in n for n in z.namelist()) else ""

    def names(self) -> list[str]:
        return sorted(n[len(self.prefix):] for n in self.z.namelist() if not n.endswith("/"))

    def open(self, rel: str):
        try:
            return self.z.open(self.prefix + rel)
        except KeyError:
            return None


def _digest(fh) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    with fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


def verify(path: Path) -> Verdict:
    """Check every file the manifest lists (present, size, SHA-256), and that nothing else is
    there. BundleError when `path` is no bundle at all."""
    if path.is_dir():
        return _check(_Folder(path))
    if path.is_file() and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as z:
                return _check(_Zip(z))
        except (zipfile.BadZipFile, OSError) as e:
            raise BundleError(f"{path}: cannot read the zip ({e})") from None
    raise BundleError(f"{path} is neither a bundle folder nor a bundle .zip")


def _check(b) -> Verdict:
    fh = b.open(MANIFEST)
    if fh is None:
        raise BundleError(f"no {MANIFEST}: not a digitize bundle")
    try:
        with fh:
            manifest = json.loads(fh.read().decode("utf-8"))
        listed = {e["path"]: e for e in manifest["files"]}
    except (ValueError, KeyError, TypeError):
        return Verdict(0, MANIFEST, "the manifest is not the JSON a bundle carries")
    ok = 0
    for rel, e in listed.items():
        fh = b.open(rel)
        if fh is None:
            return Verdict(ok, rel, "listed in the manifest but missing", manifest)
        try:
            digest, size = _digest(fh)
        except (OSError, zipfile.BadZipFile) as err:  # a zip member whose CRC no longer holds
            return Verdict(ok, rel, f"cannot be read ({err})", manifest)
        if size != e["size"]:
            return Verdict(ok, rel, f"{size} bytes, the manifest says {e['size']}", manifest)
        if digest != e["sha256"]:
            return Verdict(ok, rel, "its SHA-256 differs from the manifest's: the content changed", manifest)
        ok += 1
    extra = [n for n in b.names() if n != MANIFEST and n not in listed]
    if extra:
        return Verdict(ok, extra[0], "not listed in the manifest", manifest)
    return Verdict(ok, None, "", manifest)
