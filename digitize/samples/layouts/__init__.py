"""One module per document type; each exposes LAYOUTS, a list of `render(ctx) -> Doc`."""
from __future__ import annotations

from . import (application_form, birth_certificate, cccd, death_certificate, land_use_certificate,
               marriage_certificate, receipt, residence_confirmation)
from .common import FIELDS, Ctx, Doc

REGISTRY = {
    "birth_certificate": birth_certificate.LAYOUTS,
    "cccd": cccd.LAYOUTS,
    "residence_confirmation": residence_confirmation.LAYOUTS,
    "receipt": receipt.LAYOUTS,
    "application_form": application_form.LAYOUTS,
    "marriage_certificate": marriage_certificate.LAYOUTS,
    "death_certificate": death_certificate.LAYOUTS,
    "land_use_certificate": land_use_certificate.LAYOUTS,
}

__all__ = ["FIELDS", "REGISTRY", "Ctx", "Doc"]
