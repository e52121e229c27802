"""Settings: defaults < digitize.toml < DIGITIZE_* environment < command-line flags."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_DB = "output/digitize.db"


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    jobs: int = 0  # 0 = one worker per core
    dpi: int = 300  # render resolution for PDFs; assumed for images that carry none
    lang: str = "vie"
    psm: int = 6  # one uniform block: as accurate as the default on forms, and faster
    binarize: bool = True  # Otsu before OCR: halves the engine's time on scanned pages
    ocr_timeout: int = 120  # seconds for one tesseract call
    render_timeout: int = 120  # seconds for one pdftoppm call
    max_pages: int = 300  # pages per file; more is refused with an error for that file
    max_pixels: int = 120_000_000  # per page image; larger images are refused before decoding
    max_file_mb: int = 500
    flag_threshold: float = 0.80  # a field below this confidence is flagged for review
    min_blur: float = 30.0  # variance of Laplacian below which a page is called blurred
    show_pii: bool = False


def _coerce(value: str, like):
    if isinstance(like, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
    return value


def load(config_file: str | Path | None = None, **overrides) -> Settings:
    """Build settings from the layers; `overrides` are flags (None means 'not given')."""
    s = Settings()
    names = {f.name for f in fields(Settings)}
    path = Path(config_file) if config_file else Path(os.environ.get("DIGITIZE_CONFIG", "digitize.toml"))
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        data = data.get("digitize", data)
        s = replace(s, **{k: _coerce(str(v), getattr(s, k)) if not isinstance(v, type(getattr(s, k))) else v
                          for k, v in data.items() if k in names})
    env = {}
    for name in names:
        raw = os.environ.get(f"DIGITIZE_{name.upper()}")
        if raw is not None and raw != "":
            env[name] = _coerce(raw, getattr(s, name))
    s = replace(s, **env)
    given = {k: v for k, v in overrides.items() if v is not None and k in names}
    return replace(s, **given)


def workers(s: Settings) -> int:
    return s.jobs if s.jobs and s.jobs > 0 else (os.cpu_count() or 1)
