"""Cooperation agreements (协议) and the organizations that signed them."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from cooperation.core.models.base import PairingRecord, validate_cooperation_date
from cooperation.core.models.geography import Organization

# What a signed text comes as; the portal serves nothing a browser would run as a page.
DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
# The image format Pillow must find in a scan, by its extension.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}


def validate_document(document) -> None:
    """Refuse a document over the size limit, or whose content is not what its name says.

    A PDF starts with its signature; a scan must open as the image its extension names, so
    an HTML page named ``.pdf`` or an SVG named ``.png`` is refused.
    """
    limit = settings.DOCUMENT_MAX_MEGABYTES
    if document.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The document is larger than %(limit)s MB.") % {"limit": limit}, code="too_large"
        )
    extension = Path(document.name).suffix.lstrip(".").lower()
    document.seek(0)
    if extension == "pdf":
        genuine = document.read(5) == b"%PDF-"
    elif extension in IMAGE_FORMATS:
        try:
            with Image.open(document) as image:
                genuine = image.format == IMAGE_FORMATS[extension]
                image.verify()
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
            genuine = False
    else:
        return  # the extension validator refuses it
    document.seek(0)
    if not genuine:
        raise ValidationError(
            _("The file is not the %(kind)s its name says.") % {"kind": extension.upper()},
            code="not_genuine",
        )


class AgreementKind(models.TextChoices):
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    SCHOOL_ENTERPRISE = "school_enterprise", _("School–enterprise")
    INDUSTRY = "industry", _("Industry")
    LABOR = "labor", _("Labor")
    TALENT = "talent", _("Talent")
    OTHER = "other", _("Other")


class Agreement(PairingRecord):
    """A signed agreement between the two sides of a pairing."""

    kind = models.CharField(_("kind"), max_length=32, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    description = models.TextField(_("description"), blank=True)
    document = models.FileField(
        _("document"),
        upload_to="agreements/%Y/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document],
        help_text=_("The signed text, as a PDF file or a scan in JPEG or PNG."),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "title"],
                name="agreement_unique_title_in_pairing",
                violation_error_message=_("This pairing already has an agreement of this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PartySide(models.TextChoices):
    EASTERN = "eastern", _("Eastern side")
    WESTERN = "western", _("Western side")


class AgreementParty(models.Model):
    """One signatory of an agreement and the side it signed for."""

    # Entered with its agreement, by whoever may change the agreement.
    part_of = "agreement"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    side = models.CharField(_("side"), max_length=16, choices=PartySide.choices)

    class Meta:
        verbose_name = _("agreement party")
        verbose_name_plural = _("agreement parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="agreement_party_unique",
                violation_error_message=_("This organization is already a party to the agreement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_side_display()})"
