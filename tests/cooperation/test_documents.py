"""An agreement's signed text reaches whoever may read the agreement, and nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cooperation.core.models import Agreement, RecordStatus
from tests import factories
from tests.constraint_checks import refusals

PDF = b"%PDF-1.4\n%signed text\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def agreement_with_document(status=RecordStatus.PUBLISHED, name="协议.pdf") -> Agreement:
    agreement = factories.AgreementFactory(status=status)
    agreement.document = SimpleUploadedFile(name, PDF)
    agreement.save()
    return agreement


@pytest.mark.django_db
def test_a_published_agreements_document_is_served_sandboxed_in_any_mode(client, settings):
    settings.DEBUG = False
    agreement = agreement_with_document()

    response = client.get(agreement.document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
def test_a_drafts_document_is_private_to_those_who_may_read_the_draft(client, official_of):
    """Regression: a draft agreement's document was public to anyone who had its address."""
    agreement = agreement_with_document(status=RecordStatus.DRAFT)

    assert client.get(agreement.document.url).status_code == 404
    client.force_login(official_of(agreement.pairing.western_region, "cooperation.view_agreement"))
    assert client.get(agreement.document.url).status_code == 200


@pytest.mark.django_db
def test_a_file_no_agreement_names_is_not_served(client):
    agreement_with_document()

    response = client.get(reverse("agreement_document", args=["agreements/2021/other.pdf"]))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["page.html", "image.svg", "script.js"])
def test_a_document_that_a_browser_would_run_is_refused(name):
    """Regression: an HTML file with a script was accepted and served as a page."""
    agreement = factories.AgreementFactory()
    agreement.document = SimpleUploadedFile(name, b"<script>alert(1)</script>")

    with translation.override("en"):
        [message] = refusals(agreement)["document"]

    assert "is not allowed" in message
