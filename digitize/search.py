"""Finding documents: a name typed without marks finds it printed with them, an id finds its
document exactly. Field values are matched through `documents_fts`, page text through
`pages_fts`, ids through the fields (key, value) index (store.py holds the SQL).

A text query matches where its words, folded (no marks, đ→d, lower case), appear one after
the other in a field value or in a page's text. Results come in store order, at most `limit`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import doctypes, store
from .vntext import fold

ID_KEYS = sorted({k for dt in doctypes.REGISTRY.values() for k in dt.keys if k.endswith("personal_id")})
DATE_KEYS = tuple(sorted({k for dt in doctypes.REGISTRY.values() for k in dt.keys
                          if "date" in k or k == "date_of_death"}))
STATUSES = store.DOCUMENT_STATUSES
DOC_TYPES = (*sorted(doctypes.REGISTRY), doctypes.UNKNOWN)
MARK_OPEN, MARK_CLOSE = "«", "»"  # around the matched words in `Hit.text`
SNIPPET_WORDS = 8  # words of page text kept on each side of a match
_BATCH = 200  # at most this many FTS candidates checked per round trip
_ID_QUERY = re.compile(r"^[\d .]+$")
_WORD = re.compile(r"\w+")


class BadQuery(ValueError):
    """The query or a filter cannot be used (exit 2)."""


@dataclass
class Hit:
    document_id: str
    dossier: str
    doc_type: str
    status: str
    field: str | None  # the matching field's key; None when the match is in a page's text
    text: str  # the field's value, or a snippet of the page text, the match between « »
    page: str | None = None  # 'file#n' of a page-text match


def filters(dossier: str | None = None, doc_type: str | None = None, status: str | None = None,
            date_from: str | None = None, date_to: str | None = None) -> store.Filters:
    """Checked filters: an unknown type or status, or a date that is not YYYY-MM-DD, is BadQuery."""
    if doc_type and doc_type not in DOC_TYPES:
        raise BadQuery(f"no document type '{doc_type}'{nearest(doc_type, DOC_TYPES)}; one type at a time, "
                       f"one of: {', '.join(DOC_TYPES)}")
    if status and status not in STATUSES:
        raise BadQuery(f"no status '{status}'{nearest(status, STATUSES)}; one of: {', '.join(STATUSES)}")
    for name, value in (("--from", date_from), ("--to", date_to)):
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise BadQuery(f"{name} must be a date as YYYY-MM-DD, not '{value}'")
    return store.Filters(dossier=dossier, doc_type=doc_type, status=status, date_from=date_from,
                         date_to=date_to, date_keys=DATE_KEYS)


def nearest(value: str, choices) -> str:
    """' (did you mean X?)' for the closest choice, case and a trailing slash forgiven; or ''."""
    import difflib

    by_folded = {c.lower(): c for c in choices}
    typed = value.lower().rstrip("/")
    if typed in by_folded:
        return f" (did you mean {by_folded[typed]}?)"
    near = difflib.get_close_matches(typed, list(by_folded), n=1, cutoff=0.6)
    return f" (did you mean {by_folded[near[0]]}?)" if near else ""


def tokens(text: str | None) -> list[str]:
    return _WORD.findall(fold(text))


def id_query(query: str) -> str | None:
    """The digits of a query that is a personal id (12 digits, or a 9-digit CMND), else None."""
    if not _ID_QUERY.match(query):
        return None
    digits = re.sub(r"\D", "", query)
    return digits if len(digits) in (9, 12) else None


def _find(words: list[str], wanted: list[str]) -> int:
    """Index where `wanted` starts as a run in `words`, or -1."""
    n = len(wanted)
    return next((i for i in range(len(words) - n + 1) if words[i:i + n] == wanted), -1)


def mark(text: str, wanted: list[str], context: int | None = None) -> str | None:
    """`text` with the words whose folded tokens run as `wanted` put between « »; with
    `context`, only that many words either side. None when they do not occur."""
    words = list(re.finditer(r"\S+", text))
    flat: list[tuple[str, int]] = [(t, i) for i, w in enumerate(words) for t in tokens(w.group())]
    at = _find([t for t, _ in flat], wanted)
    if at < 0:
        return None
    first, last = flat[at][1], flat[at + len(wanted) - 1][1]
    lo, hi = (0, len(words)) if context is None else (max(0, first - context), min(len(words), last + context + 1))
    out = []
    for i in range(lo, hi):
        w = words[i].group()
        out.append((MARK_OPEN if i == first else "") + w + (MARK_CLOSE if i == last else ""))
    return ("… " if lo > 0 else "") + " ".join(out) + (" …" if hi < len(words) else "")


def search(db, query: str, where: store.Filters, field: str | None = None, limit: int = 50) -> list[Hit]:
    """Documents matching `query`, on `field` only when given: field matches first, then
    matches in page text (documents not already found)."""
    query = query.strip()
    if not query:
        raise BadQuery("the query is empty")
    if field and field not in {k for dt in doctypes.REGISTRY.values() for k in dt.keys}:
        raise BadQuery(f"no field '{field}' in any document type")
    digits = id_query(query)
    if digits and (field is None or field in ID_KEYS):
        keys = [field] if field else ID_KEYS
        return [Hit(r["id"], r["dossier"], r["doc_type"], r["status"], r["key"], f"{MARK_OPEN}{r['value']}{MARK_CLOSE}")
                for r in store.find_documents_value(db, digits, keys, where, limit)]
    wanted = tokens(query)
    if not wanted:
        raise BadQuery(f"'{query}' has no letters or digits to search for")
    phrase = '"' + " ".join(wanted) + '"'  # an FTS5 phrase: the words in this order
    hits: list[Hit] = []
    after = 0
    while len(hits) < limit:
        # about as many as are still wanted: nearly every candidate holds the phrase in one value
        batch = store.find_documents_text(db, phrase, where, after=after, limit=min(_BATCH, limit - len(hits) + 10))
        if not batch:
            break
        after = batch[-1]["rowid"]
        values = store.field_values(db, [r["id"] for r in batch])
        for r in batch:
            # the index holds a document's values together: find the one value that holds the phrase
            for key, value in values[r["id"]]:
                if value and (field is None or key == field):
                    marked = mark(value, wanted)
                    if marked:
                        hits.append(Hit(r["id"], r["dossier"], r["doc_type"], r["status"], key, marked))
                        break
            if len(hits) >= limit:
                break
    if field is None and len(hits) < limit:
        seen = {h.document_id for h in hits}
        for r in store.find_pages_text(db, phrase, where, limit=limit * 4):
            if r["id"] in seen:
                continue
            seen.add(r["id"])
            hits.append(Hit(r["id"], r["dossier"], r["doc_type"], r["status"], None,
                            mark(r["text"] or "", wanted, SNIPPET_WORDS) or "", r["page_id"]))
            if len(hits) >= limit:
                break
    return hits
