"""Regions, the pairings between them, the organizations in them and their officials."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cooperation.core.access import PairingQuerySet
from cooperation.core.models.base import AuditedModel


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District or county")
    TOWN = "town", _("Town or subdistrict")


class RegionManager(models.Manager):
    def get_by_natural_key(self, code: str) -> "Region":
        """Find a region by its division code, the key fixtures and imports name it by."""
        return self.get(code=code)


class Region(AuditedModel):
    """An administrative region, such as 浙江省 › 杭州市 › 滨江区 › 长河街道.

    Its division code (GB/T 2260, or the nine-digit code of a town) is its natural key.
    """

    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    code = models.CharField(
        _("division code"),
        max_length=12,
        blank=True,
        help_text=_("Administrative division code, e.g. 330108 for Binjiang District."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="region_unique_name_in_parent",
                violation_error_message=_("A region of this name already exists there."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="region_unique_top_level_name",
                violation_error_message=_("A top-level region of this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="region_unique_code",
                violation_error_message=_("Another region has this division code."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="region_not_own_parent",
                violation_error_message=_("A region cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def clean(self) -> None:
        """Refuse a parent that is not at a higher level than the region.

        That rules out cycles and keeps every region at most three parents below its
        province, as far as permission scoping looks (see ``cooperation.core.access``).
        A region named as its own parent is left to the ``region_not_own_parent`` check.
        """
        levels = RegionLevel.values
        if self.parent_id in (None, self.pk) or self.level not in levels:
            return
        try:
            parent_level = self.parent.level
        except Region.DoesNotExist:
            return
        if parent_level in levels and levels.index(parent_level) >= levels.index(self.level):
            raise ValidationError(
                {"parent": _("The parent region must be at a higher level than this one.")}
            )


class Pairing(AuditedModel):
    """An eastern region helping a western one (结对); every record belongs to one."""

    eastern_region = models.ForeignKey(
        Region,
        verbose_name=_("eastern region (helping)"),
        on_delete=models.PROTECT,
        related_name="pairings_as_eastern",
    )
    western_region = models.ForeignKey(
        Region,
        verbose_name=_("western region (helped)"),
        on_delete=models.PROTECT,
        related_name="pairings_as_western",
    )
    since_year = models.PositiveSmallIntegerField(_("paired since (year)"))
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-since_year", "western_region__name"]
        permissions = [("review_records", _("Can review, return and publish records"))]
        constraints = [
            models.UniqueConstraint(
                fields=["eastern_region", "western_region"],
                name="pairing_unique_regions",
                violation_error_message=_("These two regions are already paired."),
            ),
            models.CheckConstraint(
                condition=~Q(eastern_region=F("western_region")),
                name="pairing_two_different_regions",
                violation_error_message=_("A region cannot be paired with itself."),
            ),
            models.CheckConstraint(
                condition=Q(since_year__gte=1996, since_year__lte=2100),
                name="pairing_since_year_plausible",
                violation_error_message=_("The year must lie between 1996 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.eastern_region} → {self.western_region}"

    def clean(self) -> None:
        """Pair regions of one level, and two regions once, whichever helps the other."""
        if self.eastern_region_id is None or self.western_region_id is None:
            return
        errors = {}
        if self.eastern_region.level != self.western_region.level:
            errors["western_region"] = _(
                "Pair regions of the same level: a province with a province, a city with a "
                "city, a district or county with a district or county."
            )
        reversed_pairing = Pairing.objects.filter(
            eastern_region_id=self.western_region_id, western_region_id=self.eastern_region_id
        ).exclude(pk=self.pk)
        if reversed_pairing.exists():
            errors["eastern_region"] = _(
                "These two regions are already paired, the other one helping this one."
            )
        if errors:
            raise ValidationError(errors)


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government department")
    TOWN_GOVERNMENT = "town_government", _("Subdistrict or town government")
    UNIVERSITY = "university", _("University")
    HOSPITAL = "hospital", _("Hospital or health center")
    SCHOOL = "school", _("School")
    VOCATIONAL_SCHOOL = "vocational_school", _("Vocational school")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


class Organization(AuditedModel):
    """A body taking part in cooperation: a bureau, a hospital, a school, an enterprise."""

    # Officials enter organizations as they go; the region decides who may change one.
    region_path = "region"

    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=256, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        # Read in this order by the lists, from the index rather than by sorting every row.
        indexes = [models.Index(fields=["name", "id"], name="organization_listed")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="organization_unique_name_in_region",
                violation_error_message=_("An organization of this name already exists there."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """Tie a user account to the region they work for, which decides what they may edit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="official",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="officials",
        help_text=_(
            "A district official works on the pairings of that district; a city or "
            "province reviewer on every pairing below it."
        ),
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return f"{self.user} ({self.region})"
