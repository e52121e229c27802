"""Settings: defaults < digitize.toml < DIGITIZE_* environment < command-line flags."""
from __future__ import annotations

import os
import re
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
    crop_max_hours: int = 24  # review crops (images of personal data) older than this are removed
    show_pii: bool = False
    cluster: str = ""  # address of a Dask scheduler (tcp://HOST:PORT): pages are read on its workers
    cluster_timeout: int = 10  # seconds to reach the scheduler, and to wait for its first worker


class ConfigError(ValueError):
    """A settings file or variable that cannot be used; the message names where and which key."""


# Bounds of the numeric settings (inclusive); None is open. jobs: 0 = one per core, and more
# workers than MAX_JOBS only queue behind each other.
MAX_JOBS = 64
BOUNDS = {"jobs": (0, MAX_JOBS), "dpi": (50, 1200), "psm": (0, 13), "ocr_timeout": (1, None),
          "render_timeout": (1, None), "max_pages": (1, None), "max_pixels": (1, None),
          "max_file_mb": (1, None), "flag_threshold": (0.0, 1.0), "min_blur": (0.0, None), "crop_max_hours": (0, None),
          "cluster_timeout": (1, None)}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
DASK_PORT = 8786  # a Dask scheduler's port when the address names none
# tcp:// or tls://, then a host name, an IPv4 address or [an IPv6 address], then :PORT
_ADDRESS = re.compile(r"(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d+))?")


def cluster_address(text: str) -> str:
    """A scheduler address as Dask takes it (tcp://HOST:PORT), or ValueError saying what one looks
    like. A bare HOST or HOST:PORT is taken as tcp; '' means no cluster."""
    text = text.strip()
    if not text:
        return ""
    m = _ADDRESS.fullmatch(text)
    port = int(m.group(3)) if m and m.group(3) else DASK_PORT
    if not m or not 1 <= port <= 65535:
        raise ValueError(f"{text!r} is not a Dask scheduler address: give tcp://HOST:PORT "
                         f"(as `dask scheduler` prints it, e.g. tcp://10.0.0.5:{DASK_PORT})")
    return f"{m.group(1) or 'tcp'}://{m.group(2)}:{port}"


def _coerce(value, like, where: str, key: str):
    """`value` as the type of the default `like`, in its bounds, or ConfigError naming where."""
    try:
        if isinstance(like, bool):
            text = str(value).strip().lower()
            if text not in _TRUE + _FALSE:
                raise ValueError
            v = text in _TRUE
        elif isinstance(like, int):
            if isinstance(value, float) or isinstance(value, bool):
                raise ValueError
            v = int(str(value).strip())
        elif isinstance(like, float):
            if isinstance(value, bool):
                raise ValueError
            v = float(str(value).strip())
        elif key == "cluster":
            v = cluster_address(str(value))
        else:
            v = str(value)
    except ValueError as e:
        if key == "cluster":
            raise ConfigError(f"{where}: {e}") from None
        kind = {bool: "true or false", int: "a whole number", float: "a number"}.get(type(like), "text")
        raise ConfigError(f"{where}: {key} must be {kind}, not {value!r}") from None
    lo, hi = BOUNDS.get(key, (None, None))
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        span = f"from {lo} to {hi}" if hi is not None else f"at least {lo}"
        raise ConfigError(f"{where}: {key} must be {span}, not {v}")
    return v


def _unknown(key: str, names: set[str], where: str) -> ConfigError:
    import difflib

    near = difflib.get_close_matches(key, sorted(names), n=1)
    hint = f" (did you mean {near[0]}?)" if near else f"; known keys: {', '.join(sorted(names))}"
    return ConfigError(f"{where}: unknown key {key!r}{hint}")


def _file(path: Path, given: bool) -> dict:
    """The [digitize] table of a settings file; {} when the default file is absent."""
    if not path.is_file():
        if given:
            raise ConfigError(f"the settings file {path} does not exist" if not path.exists()
                              else f"the settings file {path} is not a file")
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    except OSError as e:
        raise ConfigError(f"cannot read the settings file {path}: {e.strerror}") from None
    if set(data) != {"digitize"} or not isinstance(data["digitize"], dict):
        raise ConfigError(f"{path}: the settings go in a [digitize] table (found: "
                          f"{', '.join(sorted(data)) or 'nothing'})")
    return data["digitize"]


def load(config_file: str | Path | None = None, uses: set[str] | None = None, **overrides) -> Settings:
    """Build settings from the layers; `overrides` are flags (None means 'not given'). With
    `uses`, only those keys are taken from the environment: a bad DIGITIZE_JOBS is no reason
    for `status` to fail. Anything else wrong is a ConfigError naming the file or variable."""
    s = Settings()
    names = {f.name for f in fields(Settings)}
    env_file = os.environ.get("DIGITIZE_CONFIG")
    path = Path(config_file or env_file or "digitize.toml")
    layer = {}
    for key, value in _file(path, given=bool(config_file or env_file)).items():
        if key not in names:
            raise _unknown(key, names, str(path))
        layer[key] = _coerce(value, getattr(s, key), str(path), key)
    s = replace(s, **layer)
    env = {}
    for name in names if uses is None else names & (uses | {"show_pii", "db"}):
        raw = os.environ.get(f"DIGITIZE_{name.upper()}")
        if raw is not None and raw != "":
            env[name] = _coerce(raw, getattr(s, name), f"the environment variable DIGITIZE_{name.upper()}", name)
    s = replace(s, **env)
    given = {k: _coerce(v, getattr(s, k), f"--{k.replace('_', '-')}", k)
             for k, v in overrides.items() if v is not None and k in names}
    return replace(s, **given)


def workers(s: Settings) -> int:
    return s.jobs if s.jobs and s.jobs > 0 else (os.cpu_count() or 1)
