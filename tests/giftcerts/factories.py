"""Factories and file builders for the Onnuri tests."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from giftcerts.models import (
    ApplicationDocument,
    FranchiseApplication,
    InfoSession,
    RecognisedMarket,
    SessionRegistration,
)
from tests.factories import LocalGovernmentFactory, StoreFactory

# A one-page PDF: what a scanner produces, in miniature.
PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
             b"%%EOF\n")
# The first bytes of a Windows executable (DOS "MZ" header and PE signature offset).
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" + \
    b"This program cannot be run in DOS mode.\r\n" + b"\x00" * 400


def image_bytes(fmt: str = "PNG", size=(40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def pdf_upload(name: str = "사업자등록증.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name: str = "통장.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg_upload(name: str = "통장.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FranchiseApplication

    store = factory.SubFactory(StoreFactory)
    applicant = factory.LazyAttribute(lambda a: a.store.owner.user)
    kinds = factory.LazyFunction(lambda: ["paper", "card"])
    declared_revenue_won = 500_000_000
    status = FranchiseApplication.Status.DRAFT


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(ApplicationFactory)
    kind = "business_registration"
    file = factory.django.FileField(filename="doc.pdf", data=PDF_BYTES)
    original_name = "사업자등록증.pdf"
    content_type = "application/pdf"
    size_bytes = len(PDF_BYTES)
    sha256 = "0" * 64


class RecognisedMarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecognisedMarket

    local_government = factory.SubFactory(LocalGovernmentFactory)
    name = "광주양동시장"


class InfoSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoSession

    local_government = factory.SubFactory(LocalGovernmentFactory)
    title = factory.Sequence(lambda n: f"온누리 가맹 설명회 {n}")
    venue = "서구청 2층 대회의실"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    capacity = 30


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRegistration

    session = factory.SubFactory(InfoSessionFactory)
    kind = SessionRegistration.Kind.RESIDENT
    name = "김주민"
    phone = factory.Sequence(lambda n: f"0101234{n:04d}")


def draft_via_services(store, merchant, *, kinds=("paper",), revenue=1):
    """A draft filled in and with its certificate, the way the merchant's pages make it."""
    from giftcerts import services

    application = services.application_start(store_id=store.pk, merchant=merchant)
    services.application_update_draft(application_id=application.pk, merchant=merchant, kinds=list(kinds),
                                      declared_revenue_won=revenue)
    services.document_add(application_id=application.pk, merchant=merchant, kind="business_registration",
                          uploaded_file=pdf_upload())
    application.refresh_from_db()
    return application


def submitted_via_services(store, merchant, **draft):
    from giftcerts import services

    application = draft_via_services(store, merchant, **draft)
    return services.application_submit(application_id=application.pk, merchant=merchant)
