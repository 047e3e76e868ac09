"""No public page names a draft, whatever published record links to it."""

import pytest
from django.apps import apps
from django.urls import reverse

from cooperation.models import Organization, RecordStatus
from talent.models import Person
from tests import factories
from tests.dashboard.test_pages import DETAIL_PAGES, LIST_PAGES, page

pytestmark = pytest.mark.django_db

DRAFT_PROGRAM = "尚未公开的举措"
DRAFT_AGREEMENT = "尚未公开的协议"


def public_urls(pairing) -> list[str]:
    """Return every public page of the portal: home, pairing, lists and details."""
    urls = [reverse("dashboard:home"), reverse("dashboard:pairing", args=[pairing.pk])]
    urls += [reverse(f"dashboard:{name}") for name in LIST_PAGES]
    for label, name in DETAIL_PAGES.items():
        for pk in apps.get_model(label).objects.published().values_list("pk", flat=True):
            urls.append(reverse(f"dashboard:{name}", args=[pk]))
    urls += [
        reverse("dashboard:organization", args=[pk])
        for pk in Organization.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("dashboard:person", args=[pk])
        for pk in Person.objects.filter(is_public=True).values_list("pk", flat=True)
    ]
    return urls


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
