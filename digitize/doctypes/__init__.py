"""The document types: one module per type, each defining `DOCTYPE`. Adding a type is adding a file."""
from __future__ import annotations

import importlib
import pkgutil

from .base import DocType, FieldSpec  # noqa: F401

UNKNOWN = "unknown"


def _load() -> dict[str, DocType]:
    found: dict[str, DocType] = {}
    for mod in pkgutil.iter_modules(__path__):
        if mod.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        dt = getattr(module, "DOCTYPE", None)
        if isinstance(dt, DocType):
            found[dt.name] = dt
    return found


REGISTRY: dict[str, DocType] = _load()


def get(name: str) -> DocType | None:
    return REGISTRY.get(name)


def field_keys(name: str) -> list[str]:
    dt = REGISTRY.get(name)
    return dt.keys if dt else []
