"""The events programs hold (活动) and the bases they build (基地)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cooperation.core.models import (
    DatePrecision,
    Organization,
    PairingRecord,
    Program,
    Region,
    list_indexes,
    validate_cooperation_date,
)


class EventKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    TRAINING_CLASS = "training_class", _("Training class")
    DEMONSTRATION_CLASS = "demonstration_class", _("Demonstration class")
    SITE_VISIT = "site_visit", _("Site teaching or visit")
    FREE_CLINIC = "free_clinic", _("Free clinic")
    DONATION_DRIVE = "donation_drive", _("Donation drive")
    OTHER = "other", _("Other")


class Event(PairingRecord):
    """Something that happened once: a lecture, a training class, a free clinic."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"), validators=[validate_cooperation_date])
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    date_precision = models.CharField(
        _("dates known"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("where"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    venue = models.ForeignKey(
        Organization,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_held_at",
    )
    host_organization = models.ForeignKey(
        Organization,
        verbose_name=_("host organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_hosted",
    )
    speakers = models.ManyToManyField(
        "talent.Person",
        verbose_name=_("speakers"),
        through="EventSpeaker",
        blank=True,
        related_name="events_spoken_at",
    )
    audience = models.TextField(_("audience"), blank=True)
    participants = models.IntegerField(
        _("participants (person-times)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when not known."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "title"]
        indexes = list_indexes("event", "-start_date", "title", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=0),
                name="event_participants_not_negative",
                violation_error_message=_("The number of participants cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["pairing", "title", "start_date"],
                name="event_unique_title_date_in_pairing",
                violation_error_message=_(
                    "This pairing already has an event of this title on this date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventSpeaker(models.Model):
    """A person who spoke or taught at an event, and on what."""

    # Entered with its event, by whoever may change the event.
    part_of = "event"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="speaker_links"
    )
    person = models.ForeignKey(
        "talent.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="speaker_links",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("event speaker")
        verbose_name_plural = _("event speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="event_speaker_unique",
                violation_error_message=_("This person is already a speaker of the event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.event}"


class BaseKind(models.TextChoices):
    TEACHING = "teaching", _("Teaching base")
    PRACTICE = "practice", _("On-the-job practice base")
    INSPECTION = "inspection", _("Inspection base")
    PRACTICAL_TRAINING = "practical_training", _("Practical training base")


class Base(PairingRecord):
    """A place one side's people go to learn (基地): a university, a subdistrict, a town."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bases",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=BaseKind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="bases"
    )
    established_on = models.DateField(
        _("established on"), null=True, blank=True, validators=[validate_cooperation_date]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("base")
        verbose_name_plural = _("bases")
        ordering = ["kind", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "kind", "organization"],
                name="base_unique_kind_organization_in_pairing",
                violation_error_message=_("This organization is already a base of this kind."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_kind_display()})"
