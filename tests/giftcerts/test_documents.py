"""Uploads are checked by content and size, stored privately, and served only to the applicant
and officials of the store's government."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import DomainError
from giftcerts import documents, services
from giftcerts.models import ApplicationDocument
from tests.giftcerts.factories import EXE_BYTES, PDF_BYTES, image_bytes, jpeg_upload, pdf_upload, png_upload
from tests.images import bomb_png


@pytest.fixture
def draft(store_a, merchant_a):
    return services.application_start(store_id=store_a.pk, merchant=merchant_a)


def upload(client, application, file, kind="business_registration"):
    return client.post(reverse("giftcerts:document_upload", args=[application.pk]), {"kind": kind, "file": file})


@pytest.mark.parametrize("builder", [pdf_upload, png_upload, jpeg_upload])
def test_pdf_jpeg_and_png_are_accepted_by_content(builder):
    checked = documents.check_upload(builder())
    assert checked.content_type in {"application/pdf", "image/png", "image/jpeg"}
    assert len(checked.sha256) == 64


def test_merchant_uploads_a_document_stored_privately_under_a_random_name(merchant_a_client, draft, private_media):
    response = upload(merchant_a_client, draft, pdf_upload("사업자등록증 스캔.pdf"))
    assert response.status_code == 302
    document = ApplicationDocument.objects.get(application=draft)
    assert document.original_name == "사업자등록증 스캔.pdf" and document.content_type == "application/pdf"
    stored = Path(document.file.path)
    assert stored.is_relative_to(Path(private_media)) and stored.read_bytes() == PDF_BYTES
    assert "사업자등록증" not in stored.name  # the original name is not on disk
    assert not str(stored).startswith(str(Path(__file__).resolve().parents[2] / "static"))


def test_a_renamed_exe_is_refused_in_korean_and_nothing_is_saved(merchant_a_client, draft):
    response = upload(merchant_a_client, draft, SimpleUploadedFile("사업자등록증.pdf", EXE_BYTES,
                                                                    content_type="application/pdf"))
    assert response.status_code == 200
    assert "PDF, JPEG, PNG 파일만 올릴 수 있습니다" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_an_11_mb_file_is_refused(merchant_a_client, draft):
    big = PDF_BYTES[:-6] + b"0" * (11 * 1024 * 1024) + b"%%EOF\n"
    response = upload(merchant_a_client, draft, SimpleUploadedFile("big.pdf", big, content_type="application/pdf"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "11.0 MB" in html and "10.0 MB" in html
    assert not ApplicationDocument.objects.exists()


def test_a_file_of_exactly_10_mb_is_accepted():
    exact = PDF_BYTES[:-6] + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES)) + b"%%EOF\n"
    assert len(exact) == 10 * 1024 * 1024
    assert documents.check_upload(SimpleUploadedFile("ok.pdf", exact)).size_bytes == len(exact)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "빈 파일"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "손상"),  # PNG signature, no image
    (b"%PDF-1.4\n" + b"x" * 300, "손상"),  # no end-of-file marker
    (b"GIF89a" + b"\x00" * 100, "PDF, JPEG, PNG"),
    (image_bytes("BMP"), "PDF, JPEG, PNG"),
])
def test_broken_or_other_files_are_refused_with_a_reason(content, message):
    with pytest.raises(DomainError, match=message) as error:
        documents.check_upload(SimpleUploadedFile("x.png", content))
    assert error.value.field == "file"


def test_documents_cannot_be_added_after_submission(draft, merchant_a, merchant_a_client):
    services.application_update_draft(application_id=draft.pk, merchant=merchant_a, kinds=["paper"],
                                      declared_revenue_won=1)
    services.document_add(application_id=draft.pk, merchant=merchant_a, kind="business_registration",
                          uploaded_file=pdf_upload())
    services.application_submit(application_id=draft.pk, merchant=merchant_a)
    response = upload(merchant_a_client, draft, png_upload(), kind="bank_book")
    assert "보완 요청을 받은 신청에만" in response.content.decode()
    assert ApplicationDocument.objects.count() == 1


def test_merchant_b_cannot_upload_to_merchant_a_application(merchant_b_client, draft):
    assert upload(merchant_b_client, draft, pdf_upload()).status_code == 404


def test_an_unknown_document_kind_is_refused(merchant_a_client, draft):
    response = upload(merchant_a_client, draft, pdf_upload(), kind="passport")
    assert response.status_code == 200 and not ApplicationDocument.objects.exists()


def test_removing_a_document_deletes_its_file(draft, merchant_a, merchant_a_client,
                                               django_capture_on_commit_callbacks):
    document = services.document_add(application_id=draft.pk, merchant=merchant_a, kind="bank_book",
                                     uploaded_file=png_upload())
    path = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = merchant_a_client.post(reverse("giftcerts:document_delete", args=[draft.pk, document.pk]))
    assert response.status_code == 302
    assert not ApplicationDocument.objects.exists() and not path.exists()


class TestDocumentAccess:
    @pytest.fixture
    def document(self, draft, merchant_a):
        return services.document_add(application_id=draft.pk, merchant=merchant_a, kind="business_registration",
                                     uploaded_file=pdf_upload())

    def url(self, document):
        return reverse("giftcerts:document_file", args=[document.pk])

    def test_the_applicant_opens_their_document(self, merchant_a_client, document):
        response = merchant_a_client.get(self.url(document))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert "no-store" in response["Cache-Control"]

    def test_an_official_of_the_same_government_opens_it(self, official_client, document):
        assert official_client.get(self.url(document)).status_code == 200

    @pytest.mark.parametrize("client_fixture", ["merchant_b_client", "other_official_client", "client"])
    def test_everyone_else_gets_404(self, request, client_fixture, document):
        client = request.getfixturevalue(client_fixture)
        assert client.get(self.url(document)).status_code == 404


def test_a_decompression_bomb_is_refused_in_korean_before_decoding(merchant_a_client, draft):
    """A 30000x30000 PNG of 109 KB (900 million pixels once decoded) answered 500 before."""
    bomb = SimpleUploadedFile("scan.png", bomb_png(), content_type="image/png")
    response = upload(merchant_a_client, draft, bomb)
    assert response.status_code == 200
    assert "화소가 너무 많아" in response.content.decode()
    assert not ApplicationDocument.objects.exists()
