"""Programs (举措): the initiatives and systems of a pairing, which outcomes, agreements,
events and engagements belong to."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cooperation.core.models.base import PairingRecord, validate_cooperation_date


class DatePrecision(models.TextChoices):
    """How exactly a date is known; news reports often give only the month."""

    DAY = "day", _("to the day")
    MONTH = "month", _("to the month")


class ProgramCategory(models.TextChoices):
    LEADERSHIP = "leadership", _("Organizational leadership")
    TALENT = "talent", _("Talent exchange")
    FUNDS = "funds", _("Use of funds")
    INDUSTRY = "industry", _("Industrial cooperation")
    LABOR = "labor", _("Labor cooperation")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    RURAL_REVITALIZATION = "rural_revitalization", _("Rural revitalization")
    OTHER = "other", _("Other")


class Program(PairingRecord):
    """An initiative or system of a pairing, e.g. the chief expert system or "Binjiang Light".

    Programs nest: the "three systems" is a program whose parts are the three systems.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=256, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=ProgramCategory.choices)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    agreements = models.ManyToManyField(
        "cooperation.Agreement",
        verbose_name=_("agreements"),
        blank=True,
        related_name="programs",
        help_text=_("The agreements under which the program runs."),
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["pairing", "parent_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "name"],
                name="program_unique_name_in_pairing",
                violation_error_message=_("This pairing already has a program of this name."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="program_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
