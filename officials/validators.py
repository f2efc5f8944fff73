"""Validators for what users upload: evidence files of credentials."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
# Extension -> the first bytes every such file starts with.
EVIDENCE_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_evidence(file) -> None:
    """Refuse an evidence file that is too large or is not really a PDF, JPG or PNG."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    size = getattr(file, "size", 0) or 0
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s): at most %(limit)s is accepted."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(EVIDENCE_MAX_BYTES)},
        )
    extension = Path(file.name or "").suffix.lower()
    signatures = EVIDENCE_SIGNATURES.get(extension)
    if signatures is None or not _starts_with(file, signatures):
        raise ValidationError(
            _("Only PDF, JPG or PNG files are accepted."), code="file_type_not_accepted"
        )


def _starts_with(file, signatures: tuple[bytes, ...]) -> bool:
    try:
        position = file.tell()
        file.seek(0)
        head = file.read(16)
        file.seek(position)
    except (OSError, ValueError, AttributeError):
        return False
    return any(head.startswith(signature) for signature in signatures)
