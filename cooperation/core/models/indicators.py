"""Indicators, the outcomes reported against them (成效) and the targets set for them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cooperation.core.models.base import (
    AuditedModel,
    PairingRecord,
    list_indexes,
    validate_cooperation_date,
)
from cooperation.core.models.quantities import Measurement, Qualifier, Unit


class Indicator(AuditedModel):
    """Something measured about cooperation, e.g. "cadres trained" in person-times."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=256, blank=True)
    unit = models.CharField(_("unit"), max_length=32, choices=Unit.choices)
    measurement = models.CharField(
        _("measured by"),
        max_length=16,
        choices=Measurement.choices,
        default=Measurement.REPORTED,
    )
    computation = models.CharField(
        _("computation"),
        max_length=64,
        blank=True,
        help_text=_("For a computed indicator: which query over records yields it."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measurement="reported") | ~Q(computation=""),
                name="indicator_computed_names_computation",
                violation_error_message=_("A computed indicator needs a computation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_unit_display()})"

    def clean(self) -> None:
        from cooperation.stats.registry import computations

        if self.computation and self.computation not in computations():
            raise ValidationError(
                {"computation": _("There is no computation called “%s”.") % self.computation}
            )


class Outcome(PairingRecord):
    """A figure a pairing reported for an indicator and a period: "1,154 jobs offered"."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="outcomes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(
        _("period start"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    period_end = models.DateField(
        _("period end"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    qualifier = models.CharField(
        _("qualifier"), max_length=16, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    is_cumulative = models.BooleanField(
        _("cumulative"), default=False, help_text=_("A running total since the pairing began.")
    )
    program = models.ForeignKey(
        "cooperation.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    agreement = models.ForeignKey(
        "cooperation.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Document or report it comes from.")
    )
    source_url = models.URLField(_("source URL"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-year", "indicator__code"]
        # A sum of running totals looks for a later year of each one (outcome_totals).
        indexes = [
            *list_indexes("outcome", "-year", "indicator", "id"),
            models.Index(
                fields=["pairing", "indicator", "year"],
                condition=Q(is_cumulative=True),
                name="outcome_running_totals",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="outcome_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="outcome_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1996, year__lte=2100),
                name="outcome_year_plausible",
                violation_error_message=_("The year must lie between 1996 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["pairing", "indicator", "year", "program"],
                condition=Q(program__isnull=False),
                name="outcome_unique_per_program_year",
                violation_error_message=_(
                    "This program already has a figure for this indicator and year."
                ),
            ),
            models.UniqueConstraint(
                fields=["pairing", "indicator", "year"],
                condition=Q(program__isnull=True),
                name="outcome_unique_per_pairing_year",
                violation_error_message=_(
                    "This pairing already has a figure for this indicator and year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {self.value}"


class Target(PairingRecord):
    """What a pairing planned to reach on an indicator in a year, set against the outcome."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "indicator__code"]
        indexes = list_indexes("target", "-year", "indicator", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1996, year__lte=2100),
                name="target_year_plausible",
                violation_error_message=_("The year must lie between 1996 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["pairing", "indicator", "year"],
                name="target_unique_per_pairing_year",
                violation_error_message=_(
                    "This pairing already has a target for this indicator and year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {self.value}"
