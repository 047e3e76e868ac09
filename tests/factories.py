"""Factories for every model; each builds a valid record with the fewest choices made."""

import datetime

import factory
from django.contrib.auth import get_user_model

from cooperation.core import models as cooperation
from programs import models as programs
from talent import models as talent


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Region

    name = factory.Sequence(lambda n: f"区县{n}")
    level = cooperation.RegionLevel.DISTRICT


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Pairing

    eastern_region = factory.SubFactory(RegionFactory)
    western_region = factory.SubFactory(RegionFactory)
    since_year = 2021


class PublishedDataVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.PublishedDataVersion

    token = factory.Faker("hexify", text="^" * 32)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Official

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Organization

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = cooperation.OrganizationKind.GOVERNMENT
    region = factory.SubFactory(RegionFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Agreement

    pairing = factory.SubFactory(PairingFactory)
    kind = cooperation.AgreementKind.HEALTH
    title = factory.Sequence(lambda n: f"合作协议{n}")
    signed_on = datetime.date(2021, 5, 1)


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)
    side = cooperation.PartySide.EASTERN


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Indicator

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = cooperation.Unit.PERSON_TIMES


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Outcome

    pairing = factory.SubFactory(PairingFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    value = 600
    qualifier = cooperation.Qualifier.MORE_THAN


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Target

    pairing = factory.SubFactory(PairingFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    value = 500


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cooperation.Program

    pairing = factory.SubFactory(PairingFactory)
    name = factory.Sequence(lambda n: f"举措{n}")
    category = cooperation.ProgramCategory.TALENT


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = programs.Event

    pairing = factory.SubFactory(PairingFactory)
    kind = programs.EventKind.LECTURE
    title = factory.Sequence(lambda n: f"讲座{n}")
    start_date = datetime.date(2021, 10, 12)
    participants = 80


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = talent.Person

    name = factory.Sequence(lambda n: f"专家{n}")
    organization = factory.SubFactory(OrganizationFactory)


class EventSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = programs.EventSpeaker

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)


class BaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = programs.Base

    pairing = factory.SubFactory(PairingFactory)
    kind = programs.BaseKind.TEACHING
    organization = factory.SubFactory(OrganizationFactory)


class ExpertEngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = talent.ExpertEngagement

    pairing = factory.SubFactory(PairingFactory)
    person = factory.SubFactory(PersonFactory)
    role = talent.ExpertRole.CHIEF_EXPERT
    contract_signed = True


class SecondmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = talent.Secondment

    pairing = factory.SubFactory(PairingFactory)
    person = factory.SubFactory(PersonFactory)
    home_organization = factory.SubFactory(OrganizationFactory)
    host_organization = factory.SubFactory(OrganizationFactory)
    start_date = datetime.date(2021, 10, 1)
    end_date = datetime.date(2021, 11, 10)


class MentorPairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = talent.MentorPairing

    pairing = factory.SubFactory(PairingFactory)
    mentor = factory.SubFactory(PersonFactory)
    mentee = factory.SubFactory(PersonFactory)
    start_date = datetime.date(2021, 9, 1)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.Group"

    name = factory.Sequence(lambda n: f"group{n}")


class AuthTokenFactory(factory.django.DjangoModelFactory):
    """An API token (django-rest-knox): only its digest is stored."""

    class Meta:
        model = "knox.AuthToken"

    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, user, **kwargs):
        instance, _token = model_class.objects.create(user=user, **kwargs)
        return instance


class AccessBaseFactory(factory.django.DjangoModelFactory):
    """The sign-in records django-axes keeps, which administrators read to unlock accounts."""

    user_agent = "Mozilla/5.0"
    ip_address = "10.0.0.1"
    username = factory.Sequence(lambda n: f"official{n}")
    http_accept = "text/html"
    path_info = "/admin/login/"


class AccessAttemptFactory(AccessBaseFactory):
    class Meta:
        model = "axes.AccessAttempt"

    get_data = ""
    post_data = "username=official"
    failures_since_start = 1


class AccessLogFactory(AccessBaseFactory):
    class Meta:
        model = "axes.AccessLog"


class AccessFailureLogFactory(AccessBaseFactory):
    class Meta:
        model = "axes.AccessFailureLog"


class JobFactory(factory.django.DjangoModelFactory):
    """A finished export; by default root's, the user the admin page tests sign in as."""

    class Meta:
        model = cooperation.Job

    owner = factory.SubFactory(UserFactory, username="root", is_superuser=True)
    kind = cooperation.JobKind.EXPORT
    model = "programs.event"
    status = cooperation.JobStatus.SUCCEEDED
    file_name = factory.Sequence(lambda n: f"events-{n}.xlsx")
    done = 3
    total = 3


class RevisionFactory(factory.django.DjangoModelFactory):
    """A pending change of a published outcome."""

    class Meta:
        model = cooperation.Revision

    record = factory.SubFactory(OutcomeFactory, status=cooperation.RecordStatus.PUBLISHED)
    pairing = factory.SelfAttribute("record.pairing")
    record_name = factory.LazyAttribute(lambda revision: str(revision.record))
    values = factory.LazyAttribute(lambda revision: {"value": "650"})
    reason = "The report was corrected."
