"""The consent pages: personas (right, wrong, other government), one consent with its signed form
(type, size, who reads it), bulk entry (a bad row keeps everyone's input), withdrawal, and the figure on
the district's page, list, export and API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from consent.models import ConsentRecord
from tests.privacy_utils import export_with_reason

from .conftest import PDF_BYTES, SIGNED_ON, client_for, record, record_many


def urls(w, current):
    return [reverse("consent:district", args=[w.draft.pk]), reverse("consent:record", args=[w.draft.pk]),
            reverse("consent:withdraw", args=[current.pk]), reverse("consent:file", args=[current.pk])]


@pytest.mark.usefixtures("media")
def test_only_officials_of_the_government_reach_the_pages_and_the_file(w, client):
    current = record(w.official, w.draft, w.inside[0],
                     uploaded_file=SimpleUploadedFile("동의서.pdf", PDF_BYTES, content_type="application/pdf"))
    for url in urls(w, current):
        assert client.get(url)["Location"].startswith(reverse("accounts:login")), url
        assert client_for(w.merchant).get(url).status_code == 403, url
        assert client_for(w.official_other).get(url).status_code == 404, url  # another government's
        response = client_for(w.official).get(url)
        assert response.status_code == 200, url
        if url.endswith("/file/"):
            assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content) == PDF_BYTES
            assert "no-store" in response["Cache-Control"]
        for post_as in (w.merchant, w.official_other):
            assert client_for(post_as).post(url, {"reason": "x", "store": w.inside[1].pk}).status_code in (403, 404)
    assert ConsentRecord.objects.count() == 1 and current.file.storage.exists(current.file.name)


def post_record(user, w, **data):
    values = {"store": w.inside[0].pk, "signer_name": "김양동", "signer_role": "owner",
              "signed_on": SIGNED_ON.isoformat(), "method": "form", **data}
    return client_for(user).post(reverse("consent:record", args=[w.draft.pk]), values)


@pytest.mark.usefixtures("media")
def test_recording_one_consent_with_its_form_changes_the_criteria_on_the_district_page(w):
    scan = SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="application/pdf")
    response = post_record(w.official, w, file=scan)
    assert response.status_code == 302 and response["Location"].endswith("#consent-status")
    created = ConsentRecord.objects.get()
    assert (created.signer_name, created.file_content_type, created.recorded_by) == ("김양동", "application/pdf",
                                                                                     w.official)
    page = client_for(w.official).get(reverse("districts:district_detail", args=[w.draft.pk])).content.decode()
    assert "상인 동의 현황" in page and "김양동" in page and reverse("consent:file", args=[created.pk]) in page
    assert "상인 20명 중 1명 동의 (5.0%), 필요 10명 (50%)" in page
    # A repeated post (double click): the store is no longer offered, no second current consent.
    again = post_record(w.official, w)
    assert again.status_code == 400 and 'id="id_store_error"' in again.content.decode()
    assert ConsentRecord.objects.count() == 1


@pytest.mark.parametrize(("name", "content", "settings_limit", "message"), [
    ("동의서.pdf", b"this is not a pdf at all", None, "PDF, JPEG, PNG"),
    ("동의서.pdf", PDF_BYTES, 100, "MB"),
])
def test_a_bad_upload_is_refused_and_the_typed_input_stays(w, media, settings, name, content, settings_limit,
                                                           message):
    if settings_limit:
        settings.UPLOAD_MAX_BYTES = settings_limit
    response = post_record(w.official, w, signer_name="박서명", file=SimpleUploadedFile(name, content))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert 'value="박서명"' in html
    assert not ConsentRecord.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_a_store_outside_the_district_and_a_future_date_are_refused(w):
    outside = post_record(w.official, w, store=w.outside[0].pk)
    assert outside.status_code == 400 and not ConsentRecord.objects.exists()
    future = post_record(w.official, w, signed_on="2099-01-01")
    assert future.status_code == 400 and not ConsentRecord.objects.exists()


def bulk_data(stores, names, **extra):
    data = {"signed_on": SIGNED_ON.isoformat(), "method": "in_person", "store": [s.pk for s in stores], **extra}
    for store, name in zip(stores, names, strict=True):
        data[f"signer_name-{store.pk}"] = name
        data[f"signer_role-{store.pk}"] = "owner"
    return data


def test_bulk_entry_with_a_bad_row_records_nothing_and_keeps_every_row(w):
    url = reverse("consent:district", args=[w.draft.pk])
    stores = w.inside[:3]
    response = client_for(w.official).post(url, bulk_data(stores, ["김하나", "", "이셋"]))
    html = response.content.decode()
    assert response.status_code == 400 and not ConsentRecord.objects.exists()
    assert "서명한 사람의 이름을 입력하세요" in html and f'href="#signer_name-{stores[1].pk}"' in html
    for store, name in ((stores[0], "김하나"), (stores[2], "이셋")):
        assert f'id="signer_name-{store.pk}" maxlength="50" autocomplete="off" value="{name}"' in html
        assert f'value="{store.pk}" id="store-{store.pk}" checked' in html

    fixed = client_for(w.official).post(url, bulk_data(stores, ["김하나", "박둘", "이셋"]))
    assert fixed.status_code == 302
    assert sorted(ConsentRecord.objects.values_list("signer_name", flat=True)) == ["김하나", "박둘", "이셋"]
    assert set(ConsentRecord.objects.values_list("method", flat=True)) == {"in_person"}
    # The same stores again: each row says it already has a consent; still nothing new.
    again = client_for(w.official).post(url, bulk_data(stores, ["김하나", "박둘", "이셋"]))
    assert again.status_code == 400 and ConsentRecord.objects.count() == 3


def test_withdrawing_keeps_the_record_and_a_repeat_changes_nothing(w):
    consent = record(w.official, w.draft, w.inside[0])
    url = reverse("consent:withdraw", args=[consent.pk])
    missing_reason = client_for(w.official).post(url, {"reason": "", "withdrawn_on": SIGNED_ON.isoformat()})
    assert missing_reason.status_code == 400
    done = client_for(w.colleague).post(url, {"reason": "양도", "withdrawn_on": SIGNED_ON.isoformat()})
    assert done.status_code == 302
    consent.refresh_from_db()
    assert (consent.status, consent.withdrawal_reason, consent.withdrawn_by) == ("withdrawn", "양도", w.colleague)
    repeat = client_for(w.official).post(url, {"reason": "다시", "withdrawn_on": SIGNED_ON.isoformat()})
    assert repeat.status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawal_reason, consent.withdrawn_by) == ("양도", w.colleague)
    # A new consent of the same store is a new record; the withdrawn one stays in the history.
    record(w.official, w.draft, w.inside[0], signer_name="새대표")
    assert list(ConsentRecord.objects.order_by("pk").values_list("status", flat=True)) == ["withdrawn", "current"]


def test_the_list_export_and_api_show_records_where_they_exist_and_label_typed_counts(w):
    record_many(w.official, w.draft, w.inside[:10])
    official = client_for(w.official)
    page = official.get(reverse("districts:district_list")).content.decode()
    assert "10/20 (50.0%)" in page and '70/100 (70.0%) <span class="app-muted">입력값(기존)' in page
    api = official.get(reverse("districts_api:district_detail", args=[w.draft.pk])).json()["properties"]
    assert (api["merchants_total"], api["merchants_consenting"], api["consent_source"]) == (20, 10, "records")
    typed = official.get(reverse("districts_api:district_detail", args=[w.submitted.pk])).json()["properties"]
    assert (typed["merchants_total"], typed["consent_source"]) == (100, "typed")
    workbook = load_workbook(io.BytesIO(export_with_reason(official, reverse("districts:district_export_xlsx"))
                                        .content))
    rows = {row[1]: row for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert rows["치평 동의 골목"][9:13] == (20, 10, 50.0, "동의 기록 10건")
    assert rows["치평 제출 골목"][9:13] == (100, 70, 70.0, "입력값(기존)")
    # The live criteria check of the edit form counts the records for the boundary being drawn.
    check = official.post(reverse("districts_api:district_check"), {
        "boundary": w.area, "merchants_total": 5, "merchants_consenting": 5, "district": w.draft.pk},
        content_type="application/json").json()
    consent = next(c for c in check["criteria"] if c["key"] == "consent")
    assert (consent["values"]["merchants_total"], consent["values"]["merchants_consenting"]) == (20, 10)
