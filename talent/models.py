"""People, the expert roles they take on, secondments (挂职) and mentor pairings (青蓝结对)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cooperation.core.models import (
    AuditedModel,
    DatePrecision,
    Organization,
    PairingRecord,
    Program,
    list_indexes,
    validate_cooperation_date,
)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Person(AuditedModel):
    """Someone who teaches, advises, is seconded or mentored; contacts stay in the admin."""

    # Officials enter people as they go; the organization's region decides who may change one.
    region_path = "organization__region"

    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    title = models.CharField(_("job title"), max_length=200, blank=True)
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("name may be shown publicly"),
        default=False,
        help_text=_("Only then does the name appear on public pages and in the open API."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        indexes = list_indexes("person", "name", "id", public=("public", Q(is_public=True)))
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="person_unique_name_in_organization",
                violation_error_message=_("A person of this name already works there."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ExpertRole(models.TextChoices):
    CHIEF_EXPERT = "chief_expert", _("Chief expert (weekend engineer)")
    RESIDENT_LECTURER = "resident_lecturer", _("Resident lecturer")
    MENTOR_TEACHER = "mentor_teacher", _("Mentor teacher")
    MEDICAL_EXPERT = "medical_expert", _("Medical expert")
    OTHER = "other", _("Other")


class ExpertEngagement(PairingRecord):
    """A person engaged by the helped side in an expert role, such as a weekend engineer."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="engagements"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
    )
    role = models.CharField(_("role"), max_length=32, choices=ExpertRole.choices)
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    contract_signed = models.BooleanField(_("contract signed"), default=False)

    class Meta:
        verbose_name = _("expert engagement")
        verbose_name_plural = _("expert engagements")
        ordering = ["role", "person__name"]
        indexes = list_indexes("engagement", "role", "person", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "person", "role"],
                name="engagement_unique_person_role_in_pairing",
                violation_error_message=_("This person already holds this role in the pairing."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="engagement_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Secondment(PairingRecord):
    """A person posted from a home organization to a host organization for a while (挂职).

    Its length in person-months is derived from the dates, never stored.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="secondments"
    )
    home_organization = models.ForeignKey(
        Organization,
        verbose_name=_("home organization"),
        on_delete=models.PROTECT,
        related_name="secondments_out",
    )
    host_organization = models.ForeignKey(
        Organization,
        verbose_name=pgettext_lazy("secondment", "host organization"),
        on_delete=models.PROTECT,
        related_name="secondments_in",
    )
    start_date = models.DateField(_("start date"), validators=[validate_cooperation_date])
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty while still seconded."),
        validators=[validate_cooperation_date],
    )
    date_precision = models.CharField(
        _("dates known"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    field = models.CharField(_("field"), max_length=128, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    is_long_term = models.BooleanField(_("long-term"), default=False)

    class Meta:
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        ordering = ["-start_date"]
        indexes = list_indexes("secondment", "-start_date", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="secondment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(home_organization=F("host_organization")),
                name="secondment_host_differs_from_home",
                violation_error_message=_("The host organization must differ from the home one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.home_organization} → {self.host_organization}"

    def clean(self) -> None:
        """Refuse a second secondment of the same person over overlapping dates.

        PostgreSQL enforces the same rule with an exclusion constraint (see migrations);
        this check gives the message on every database and in every form.
        """
        super().clean()
        if not (self.person_id and self.start_date):
            return
        overlapping = Secondment.objects.filter(person_id=self.person_id).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=self.start_date)
        )
        if self.end_date:
            overlapping = overlapping.filter(start_date__lte=self.end_date)
        if overlapping.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"start_date": _("This person is already seconded during these dates.")}
            )


class MentorPairing(PairingRecord):
    """An eastern teacher mentoring a new western teacher (青蓝结对)."""

    mentor = models.ForeignKey(
        Person, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentees_links"
    )
    mentee = models.ForeignKey(
        Person, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="mentor_links"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor_pairings",
    )
    mentor_school = models.ForeignKey(
        Organization,
        verbose_name=_("mentor's school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mentee_school = models.ForeignKey(
        Organization,
        verbose_name=_("mentee's school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_cooperation_date]
    )

    class Meta:
        verbose_name = _("mentor pairing")
        verbose_name_plural = _("mentor pairings")
        ordering = ["-start_date"]
        indexes = list_indexes("mentorpairing", "-start_date", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                name="mentor_pairing_unique",
                violation_error_message=_("These two teachers are already paired."),
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="mentor_pairing_two_people",
                violation_error_message=_("A teacher cannot mentor themselves."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"
