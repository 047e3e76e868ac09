"""No public page names a draft, whatever published record links to it."""

import pytest
from django.urls import reverse

from cooperation.core.models import RecordStatus
from cooperation.core.selectors import public_organizations
from tests import factories
from tests.dashboard.test_pages import page, public_urls

pytestmark = pytest.mark.django_db

DRAFT_PROGRAM = "尚未公开的举措"
DRAFT_AGREEMENT = "尚未公开的协议"


def test_a_draft_program_or_agreement_is_named_on_no_public_page(client, reference_record):
    """Draft names leaked: rows and details printed record.program/parent without its status."""
    published = {"pairing": reference_record, "status": RecordStatus.PUBLISHED}
    draft = factories.ProgramFactory(pairing=reference_record, name=DRAFT_PROGRAM)
    agreement = factories.AgreementFactory(pairing=reference_record, title=DRAFT_AGREEMENT)
    factories.ProgramFactory(parent=draft, **published)
    factories.EventFactory(program=draft, **published)
    factories.BaseFactory(program=draft, **published)
    factories.ExpertEngagementFactory(program=draft, **published)
    factories.MentorPairingFactory(program=draft, **published)
    factories.OutcomeFactory(program=draft, agreement=agreement, **published)

    for language in ("zh-hans", "en"):
        for url in public_urls(reference_record):
            content = page(client, url, language)
            assert DRAFT_PROGRAM not in content, url
            assert DRAFT_AGREEMENT not in content, url


DRAFT_ONLY_ORGANIZATION = "只在草稿里的学校"


def test_an_organization_only_a_draft_names_has_no_public_page(client, pairing):
    """Draft leak: an organization used only by a draft base had a page and a search hit."""
    base = factories.BaseFactory(
        pairing=pairing, organization__name=DRAFT_ONLY_ORGANIZATION, status=RecordStatus.DRAFT
    )
    url = reverse("dashboard:organization", args=[base.organization.pk])
    search = reverse("dashboard:search") + f"?q={DRAFT_ONLY_ORGANIZATION}"

    assert client.get(url).status_code == 404
    assert url not in page(client, search)

    base.status = RecordStatus.PUBLISHED
    base.save()

    assert DRAFT_ONLY_ORGANIZATION in page(client, url)
    assert url in page(client, search)


def test_a_public_person_only_drafts_name_is_not_listed(client, pairing):
    """Draft leak: public_people() listed anyone who agreed, with no published record."""
    engagement = factories.ExpertEngagementFactory(
        pairing=pairing, person__is_public=True, status=RecordStatus.DRAFT
    )
    person = engagement.person

    assert person.name not in page(client, reverse("dashboard:people"))
    assert client.get(reverse("dashboard:person", args=[person.pk])).status_code == 404

    engagement.status = RecordStatus.PUBLISHED
    engagement.save()

    assert person.name in page(client, reverse("dashboard:people"))
    page(client, reverse("dashboard:person", args=[person.pk]))


@pytest.mark.parametrize(
    "make",
    [
        lambda pairing, status: (
            factories.EventFactory(
                pairing=pairing, status=status, venue=factories.OrganizationFactory()
            ).venue
        ),
        lambda pairing, status: (
            factories.SecondmentFactory(pairing=pairing, status=status).host_organization
        ),
        lambda pairing, status: (
            factories.ExpertEngagementFactory(pairing=pairing, status=status).person.organization
        ),
    ],
    ids=["event venue", "secondment host", "engaged person's organization"],
)
def test_an_organization_is_public_exactly_when_a_published_record_names_it(pairing, make):
    """Draft leak: organizations reached only through drafts were public."""
    hidden = make(pairing, RecordStatus.DRAFT)
    shown = make(pairing, RecordStatus.PUBLISHED)

    assert set(public_organizations().filter(pk__in=[hidden.pk, shown.pk])) == {shown}
