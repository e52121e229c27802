"""Search latency on a store of 1,000,000 documents built directly (synthetic rows, no OCR):
p50/p95 of typical searches, and the store's size on disk.

    make bench-search                  (BENCH_DOCS=1000000 by default; the store is kept in
                                        bench/out/ and reused while its size matches)

Each document has a name, a personal id, a date of birth and an address as fields (what
`digitize run` stores), and one page of text. Queries go through digitize.search, as
`digitize search` runs them (without the Python start-up of the command).
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

from common import OUT

sys.path.insert(0, str(OUT.parent.parent))
from digitize import store  # noqa: E402
from digitize.search import filters, search  # noqa: E402
from digitize.vntext import fold  # noqa: E402

DOCS = int(os.environ.get("BENCH_DOCS", "1000000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "300"))  # per kind
DOCS_PER_DOSSIER = 5
BATCH = 20000  # rows per executemany
SEED = 20261127

# family names with their rough share in Vietnam; the rest share what is left
FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
          ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
          ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lương", 1), ("Mai", 1)]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân", "Hồng", "Gia", "Công",
          "Bảo", "Kim", "Phương", "Tuấn", "Hải", "Anh", "Đình"]
GIVEN = ["Dũng", "Lan", "Hùng", "Mai", "Anh", "Hà", "Linh", "Tuấn", "Hương", "Nam", "Hải", "Long", "Trang",
         "Thảo", "Phúc", "Quân", "Khoa", "Đạt", "Hiếu", "Nga", "Vy", "Yến", "Sơn", "Thắng", "Hòa", "Bình",
         "Châu", "Đức", "Giang", "Huy", "Khánh", "Loan", "My", "Nhung", "Oanh", "Phong", "Quỳnh", "Tâm",
         "Uyên", "Việt", "Xuân", "Tú", "Hạnh", "Lâm", "Thành", "Trung", "Vân", "Cường", "Diệp", "Hiền"]
PLACES = ["phường Cầu Dền, quận Hai Bà Trưng, Hà Nội", "xã Hoằng Quỳ, huyện Hoằng Hóa, Thanh Hóa",
          "phường Bắc Cường, thành phố Lào Cai, Lào Cai", "thị trấn Núi Đèo, huyện Thủy Nguyên, Hải Phòng",
          "phường Trung Hòa, quận Cầu Giấy, Hà Nội", "xã An Hải Bắc, quận Sơn Trà, Đà Nẵng",
          "phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh", "xã Độ Tân, huyện Đức Hòa, Long An"]
TYPES = [("cccd", "CĂN CƯỚC CÔNG DÂN", 30), ("birth_certificate", "GIẤY KHAI SINH", 20),
         ("residence_confirmation", "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 15), ("application_form", "TỜ KHAI", 15),
         ("receipt", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 10), ("death_certificate", "TRÍCH LỤC KHAI TỬ", 4),
         ("marriage_certificate", "GIẤY CHỨNG NHẬN KẾT HÔN", 3), ("land_use_certificate", "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 3)]
STATUSES = [("ok", 70), ("needs_review", 20), ("reviewed", 9), ("failed", 1)]


def _pick(rng: random.Random, weighted: list) -> tuple:
    return rng.choices(weighted, weights=[w[-1] for w in weighted])[0]


def _name(rng: random.Random) -> str:
    return f"{_pick(rng, FAMILY)[0]} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}".upper()


def build(path: Path, n: int) -> None:
    """n documents in n/5 dossiers, written as `save_dossier` would lay them out, in bulk."""
    rng = random.Random(SEED)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = store.open_store(path)
    con = db.conn
    con.execute("PRAGMA synchronous = OFF")
    stamp = store.now()
    t0 = time.perf_counter()
    docs, fields, pages, fts, dossiers = [], [], [], [], []

    def flush() -> None:
        with db.atomic():
            con.executemany("INSERT INTO dossiers (id, path, first_seen, updated, run_id, documents, pages) "
                            "VALUES (?, ?, ?, ?, 1, ?, ?)", dossiers)
            con.executemany("INSERT INTO documents (rowid, id, dossier, seq, doc_type, doc_type_confidence, status, "
                            "pages, flags, personal_id, run_id, updated) VALUES (?, ?, ?, ?, ?, 0.95, ?, ?, '[]', ?, 1, ?)",
                            docs)
            con.executemany("INSERT INTO fields (document_id, key, value, confidence, flagged, reasons, page) "
                            "VALUES (?, ?, ?, 0.93, ?, '[]', 1)", fields)
            con.executemany("INSERT INTO pages (id, dossier, file_rel, page, seq, document_id, width, height, dpi, "
                            "blank, words, codes, text, text_folded) VALUES (?, ?, ?, 1, ?, ?, 2480, 3508, 300, 0, "
                            "'[]', '[]', ?, ?)", pages)
            con.executemany("INSERT INTO documents_fts (rowid, body) VALUES (?, ?)", fts)
        for rows in (docs, fields, pages, fts, dossiers):
            rows.clear()

    for i in range(n):
        seq = i % DOCS_PER_DOSSIER + 1
        dossier = f"000.00.{i // 100000 % 100:02d}.H{i // DOCS_PER_DOSSIER % 90 + 10}-{i // DOCS_PER_DOSSIER:07d}"
        if seq == 1:
            dossiers.append((dossier, f"/srv/scans/{dossier}", stamp, stamp, DOCS_PER_DOSSIER, DOCS_PER_DOSSIER))
        doc_id = f"{dossier}/{seq}"
        doc_type, title, _ = _pick(rng, TYPES)
        status = _pick(rng, STATUSES)[0]
        name = _name(rng)
        pid = f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{rng.randint(0, 99999999):08d}"
        dob = f"{rng.randint(1940, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        place = rng.choice(PLACES)
        file_rel = f"{dossier}/{seq:02d}.jpg"
        docs.append((i + 1, doc_id, dossier, seq, doc_type, status, f'[{{"file": "{file_rel}", "page": 1}}]',
                     pid, stamp))
        values = (("full_name", name), ("personal_id", pid), ("date_of_birth", dob), ("place_of_residence", place))
        fields += [(doc_id, k, v, int(status == "needs_review" and k == "full_name")) for k, v in values]
        text = (f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{title}\nHọ, chữ đệm, tên: {name}\n"
                f"Số định danh cá nhân: {pid}\nNơi cư trú: {place}")
        pages.append((f"{file_rel}#1", dossier, file_rel, seq, doc_id, text, fold(text)))
        fts.append((i + 1, store.search_body(v for _, v in values)))
        if len(docs) >= BATCH:
            flush()
            if (i + 1) % 100000 == 0:
                print(f"  {i + 1:,} documents, {time.perf_counter() - t0:.0f} s", flush=True)
    flush()
    with db.atomic():
        con.execute("INSERT INTO runs (id, started, finished, root, status) VALUES (1, ?, ?, '/srv/scans', 'done')",
                    [stamp, stamp])
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"built {n:,} documents in {time.perf_counter() - t0:.0f} s")
    db.close()


def _percentiles(ms: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(ms, n=100)
    return q[49], q[94]


def main() -> None:
    path = OUT / f"search-{DOCS}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    db = store.open_store(path) if path.exists() else None
    if db is None or db.execute("SELECT count(*) FROM documents").fetchone()[0] != DOCS:
        if db is not None:
            db.close()
        print(f"building a store of {DOCS:,} documents at {path} ...")
        build(path, DOCS)
        db = store.open_store(path)
    rng = random.Random(SEED + 1)
    n = db.execute("SELECT max(rowid) FROM documents").fetchone()[0]
    sample = [db.execute("SELECT d.id, d.doc_type, d.personal_id, f.value FROM documents d JOIN fields f "
                         "ON f.document_id = d.id AND f.key = 'full_name' WHERE d.rowid = ?",
                         [rng.randint(1, n)]).fetchone() for _ in range(QUERIES)]
    everything = filters()
    kinds = {
        "name without marks": lambda s: search(db, fold(s[3]), everything),
        "personal id": lambda s: search(db, s[2], everything),
        "name + --doc-type": lambda s: search(db, fold(s[3]), filters(doc_type=s[1])),
    }
    size = sum(Path(f"{path}{x}").stat().st_size for x in ("", "-wal") if Path(f"{path}{x}").exists())
    print(f"\nstore: {DOCS:,} documents, {size / 2**30:.2f} GiB on disk ({path.name})")
    print(f"{'query':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  hits (median)")
    for kind, run in kinds.items():
        for s in sample[:20]:  # warm the page cache as a working store's would be
            run(s)
        ms, hits = [], []
        for s in sample:
            t0 = time.perf_counter()
            found = run(s)
            ms.append((time.perf_counter() - t0) * 1000)
            hits.append(len(found))
            assert any(h.document_id == s[0] for h in found) or len(found) == 50, (kind, s)
        p50, p95 = _percentiles(ms)
        print(f"{kind:<22}{p50:>9.2f}{p95:>9.2f}{max(ms):>9.2f}  {statistics.median(hits):.0f}")


if __name__ == "__main__":
    main()
