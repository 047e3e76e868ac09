"""An agreement's signed text reaches whoever may read the agreement, and nobody else."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

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


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, image_format)
    return buffer.getvalue()


def document_refusals(name: str, content: bytes) -> list[str]:
    agreement = factories.AgreementFactory()
    agreement.document = SimpleUploadedFile(name, content)
    return refusals(agreement)["document"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("协议.pdf", b"<html><script>alert(1)</script></html>"),
        ("scan.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("scan.jpg", "png"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
    ],
    ids=["html-as-pdf", "svg-as-png", "png-as-jpg", "broken-png"],
)
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(name, content):
    if content == "png":
        content = image_bytes("PNG")

    [message] = document_refusals(name, content)

    assert "is not the" in message and "its name says" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("协议.pdf", PDF), ("scan.png", "PNG"), ("scan.jpg", "JPEG"), ("scan.jpeg", "JPEG")],
)
def test_a_genuine_pdf_or_scan_is_accepted(name, content):
    if content in ("PNG", "JPEG"):
        content = image_bytes(content)
    agreement = factories.AgreementFactory()
    agreement.document = SimpleUploadedFile(name, content)

    agreement.full_clean()


@pytest.mark.django_db
def test_a_document_over_the_size_limit_is_refused(settings):
    settings.DOCUMENT_MAX_MEGABYTES = 1

    [message] = document_refusals("协议.pdf", PDF + b"0" * (1024 * 1024))

    assert message == "The document is larger than 1 MB."


@pytest.mark.django_db
def test_a_replaced_or_deleted_document_leaves_no_file_behind(django_capture_on_commit_callbacks):
    agreement = agreement_with_document()
    first = Path(agreement.document.path)
    with django_capture_on_commit_callbacks(execute=True):
        agreement.document = SimpleUploadedFile("新协议.pdf", PDF)
        agreement.save()
    second = Path(agreement.document.path)

    assert not first.exists() and second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        agreement.delete()
    assert not second.exists()
