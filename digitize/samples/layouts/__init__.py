"""One module per document type; each exposes LAYOUTS, a list of `render(ctx) -> Doc`."""
from __future__ import annotations

from . import birth_certificate, cccd, residence_confirmation
from .common import FIELDS, Ctx, Doc

REGISTRY = {
    "birth_certificate": birth_certificate.LAYOUTS,
    "cccd": cccd.LAYOUTS,
    "residence_confirmation": residence_confirmation.LAYOUTS,
}

__all__ = ["FIELDS", "REGISTRY", "Ctx", "Doc"]
