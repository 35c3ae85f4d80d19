"""The store importers on the real shared files and on SEMAS files built from them."""

import csv
import datetime
from collections import Counter

import pytest
from django.core.management import call_command

from core.errors import DomainError
from merchants.importers import import_stores
from merchants.models import IndustryCategory, Store, StoreEvent
from tests.conftest import MALBAWI_STORES, YANGDONG_STORES
from tests.factories import StoreFactory

from .conftest import semas_row, write_semas, yangdong_as_semas, yangdong_market_rows


def read_report(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV starts with a UTF-8 BOM so Excel reads Korean"
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def test_all_422_yangdong_stores_land_in_seogu_with_dongs(seogu):
    result = import_stores(YANGDONG_STORES, local_government=seogu)
    assert (result.format, result.rows_read, result.created, result.rejected, result.outside) == (
        "market", 422, 422, 0, 0)
    stores = Store.objects.filter(local_government=seogu, source=Store.Source.MARKET)
    assert stores.count() == 422
    by_dong = Counter(stores.values_list("dong__name", flat=True))
    assert by_dong == {"양동": 419, "양3동": 1, None: 2}
    assert list(stores.filter(dong__name="양3동").values_list("name", flat=True)) == ["호박꽃식육점"]
    unassigned = stores.filter(dong__isnull=True)
    assert sorted(unassigned.values_list("name", flat=True)) == ["보물섬회직판장", "커피스토리"]
    assert all(store.needs_review and "행정동" in store.review_note for store in unassigned)
    assert result.unassigned == 2
    assert not stores.filter(dong__isnull=False, needs_review=True).exists()


def test_market_rows_keep_market_phone_and_a_semas_industry(seogu):
    import_stores(YANGDONG_STORES, local_government=seogu)
    store = Store.objects.get(source="market", external_id="936")
    assert (store.name, store.market_name, store.phone) == ("광성수산", "양동시장", "062-363-3038")
    assert store.road_address == "광주광역시 서구 천변좌로 262" and store.lot_address == "광주광역시 서구 양동 5"
    assert (store.lon, store.lat) == (126.9029272, 35.15385858)
    assert store.industry.code == "G20505" and [c.code for c in store.industry_path] == ["G2", "G205", "G20505"]
    assert store.status == Store.Status.OPEN and store.opened_on is None and store.district is None


def test_all_411_malbawi_rows_are_reported_outside_seogu(seogu):
    result = import_stores(MALBAWI_STORES, local_government=seogu)
    assert (result.rows_read, result.outside, result.created, result.rejected) == (411, 411, 0, 0)
    assert result.outside_by_area == {"광주광역시 북구": 411}
    assert not Store.objects.exists()
    listed = read_report(result.outside_csv)
    assert len(listed) == 412 and listed[1][:2] == ["2", "광주광역시 북구"] and listed[1][4] == "영암상회"


def test_malbawi_imports_into_bukgu_itself(bukgu):
    result = import_stores(MALBAWI_STORES, local_government=bukgu)
    assert result.created == 411 and result.outside == 0
    assert Store.objects.filter(local_government=bukgu, dong__local_government=bukgu).count() >= 400


def test_a_second_import_changes_nothing(seogu):
    import_stores(YANGDONG_STORES, local_government=seogu)
    before = {s.pk: (s.updated_at, s.version) for s in Store.objects.all()}
    result = import_stores(YANGDONG_STORES, local_government=seogu)
    assert (result.created, result.updated, result.unchanged, result.unassigned) == (0, 0, 422, 2)
    assert {s.pk: (s.updated_at, s.version) for s in Store.objects.all()} == before
    assert not StoreEvent.objects.exists()


def test_semas_file_imports_identically_in_utf8_bom_and_cp949(seogu, tmp_path):
    snapshots, encodings = [], []
    for encoding in ("utf-8", "utf-8-sig", "cp949"):
        path = yangdong_as_semas(tmp_path / f"semas-{encoding}.csv", encoding=encoding)
        result = import_stores(path, local_government=seogu)
        assert (result.format, result.created, result.rejected) == ("semas", 422, 0)
        encodings.append(result.encoding)
        snapshots.append(sorted(Store.objects.values_list(
            "external_id", "name", "road_address", "lot_address", "floor", "lon", "lat", "dong__name",
            "industry__code", "needs_review")))
        Store.objects.all().delete()
    assert encodings == ["UTF-8", "UTF-8 (BOM)", "CP949"]
    assert snapshots[0] == snapshots[1] == snapshots[2]
    assert Counter(row[7] for row in snapshots[0]) == {"양동": 419, "양3동": 1, None: 2}
    assert ("MA010120211119000936", "광성수산") in {row[:2] for row in snapshots[0]}


def test_semas_categories_met_in_a_file_are_created_with_its_names(seogu, semas_file):
    assert IndustryCategory.objects.filter(level=1).count() == 10  # from the data migration
    import_stores(semas_file, local_government=seogu)
    cafe = IndustryCategory.objects.get(code="I21201")
    assert (cafe.name, cafe.level, cafe.parent.code, cafe.parent.name, cafe.parent.parent.code) == (
        "카페", 3, "I212", "비알코올", "I2")
    assert IndustryCategory.objects.get(code="G205").parent.code == "G2"


def test_broken_rows_are_reported_by_line_and_the_good_ones_imported(seogu, tmp_path):
    stores = yangdong_market_rows()[:8]
    rows = [semas_row(store) for store in stores]
    rows[1] = rows[1][:20]  # line 3: too few columns
    rows[2] = semas_row(stores[2], 경도="", 위도="")  # line 4: no coordinates
    rows[3] = semas_row(stores[3], 경도="126.9x")  # line 5: not a number
    rows[4] = semas_row(stores[4], 상호명="")  # line 6: no name
    rows[5] = semas_row(stores[5], 경도="35.15", 위도="126.90")  # line 7: swapped
    path = write_semas(tmp_path / "broken.csv", rows)
    # line 8: a byte that is not UTF-8 in the middle of a name
    data = path.read_bytes().replace(stores[6]["점포명"].encode(), stores[6]["점포명"].encode()[:3] + b"\xff", 1)
    path.write_bytes(data)
    result = import_stores(path, local_government=seogu)
    assert (result.rows_read, result.created, result.rejected) == (8, 2, 6)
    assert set(Store.objects.values_list("name", flat=True)) == {stores[0]["점포명"], stores[7]["점포명"]}
    report = read_report(result.error_csv)
    assert report[0][:3] == ["줄 번호", "사유", "상가업소번호"]
    reasons = {int(row[0]): row[1] for row in report[1:]}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "열" in reasons[3] and "20" in reasons[3] and "39" in reasons[3]
    assert "비어" in reasons[4] and "숫자" in reasons[5] and "상호명" in reasons[6]
    assert "대한민국" in reasons[7] and "UTF-8" in reasons[8]


def test_rows_of_another_sigungu_by_code_or_name_are_not_imported(seogu, tmp_path):
    stores = yangdong_market_rows()[:4]
    rows = [semas_row(stores[0]), semas_row(stores[1], 시군구코드="29170", 시군구명="북구"),
            semas_row(stores[2], 시군구코드="", 행정동코드="", 시도명="광주광역시", 시군구명="북구"),
            semas_row(stores[3], 시군구코드="", 행정동코드="", 시도명="부산광역시", 시군구명="서구")]
    result = import_stores(write_semas(tmp_path / "mixed.csv", rows), local_government=seogu)
    assert (result.created, result.outside) == (1, 3)
    assert result.outside_by_area == {"광주광역시 북구": 2, "부산광역시 서구": 1}


def test_a_duplicate_store_number_in_one_file_is_rejected(seogu, tmp_path):
    store = yangdong_market_rows()[0]
    path = write_semas(tmp_path / "dup.csv", [semas_row(store), semas_row(store, 상호명="다른이름")])
    result = import_stores(path, local_government=seogu)
    assert (result.created, result.rejected) == (1, 1)
    assert Store.objects.get().name == store["점포명"]
    assert "2번째 줄" in read_report(result.error_csv)[1][1]


def test_a_store_number_of_another_government_is_not_moved(seogu, bukgu, tmp_path):
    store = yangdong_market_rows()[0]
    StoreFactory(local_government=bukgu, external_id=f"MA010120211119{int(store['점포(ID)']):06d}")
    result = import_stores(write_semas(tmp_path / "one.csv", [semas_row(store)]), local_government=seogu)
    assert (result.created, result.rejected) == (0, 1)
    assert Store.objects.get().local_government == bukgu


def test_a_changed_row_is_updated_and_versioned(seogu, tmp_path):
    store = yangdong_market_rows()[0]
    import_stores(write_semas(tmp_path / "a.csv", [semas_row(store)]), local_government=seogu)
    record = Store.objects.get()
    record.phone = "062-000-1111"  # typed by the merchant: an import must keep it
    record.save(update_fields=["phone"])
    result = import_stores(write_semas(tmp_path / "b.csv", [semas_row(store, 상호명="광성수산 본점", 층정보="2")]),
                           local_government=seogu)
    assert (result.updated, result.unchanged) == (1, 0)
    record.refresh_from_db()
    assert (record.name, record.floor, record.phone, record.version) == ("광성수산 본점", "2", "062-000-1111", 2)


def test_a_point_moved_outside_every_dong_is_flagged_then_cleared_when_back(seogu, tmp_path):
    store = yangdong_market_rows()[0]
    import_stores(write_semas(tmp_path / "a.csv", [semas_row(store)]), local_government=seogu)
    # 광주 동구 (outside 서구's dongs), though the row says 서구
    import_stores(write_semas(tmp_path / "b.csv", [semas_row(store, 경도="126.9230", 위도="35.1460")]),
                  local_government=seogu)
    record = Store.objects.get()
    assert record.dong is None and record.needs_review
    import_stores(write_semas(tmp_path / "c.csv", [semas_row(store)]), local_government=seogu)
    record.refresh_from_db()
    assert record.dong.name == "양동" and not record.needs_review and record.review_note == ""


def test_snapshot_import_closes_missing_stores_and_dates_new_ones(seogu, tmp_path):
    stores = yangdong_market_rows()[:12]
    first = write_semas(tmp_path / "2025-12.csv", [semas_row(s) for s in stores[:10]])
    result = import_stores(first, local_government=seogu, snapshot_date=datetime.date(2025, 12, 31))
    assert result.created == 10 and result.closed == 0 and result.notes  # baseline: opening dates unknown
    assert set(Store.objects.values_list("opened_on", flat=True)) == {None}

    second = write_semas(tmp_path / "2026-06.csv", [semas_row(s) for s in stores[:8] + stores[10:12]])
    result = import_stores(second, local_government=seogu, snapshot_date=datetime.date(2026, 6, 30))
    assert (result.created, result.unchanged, result.closed) == (2, 8, 2)
    closed = Store.objects.filter(status=Store.Status.CLOSED)
    assert sorted(closed.values_list("name", flat=True)) == sorted(s["점포명"] for s in stores[8:10])
    assert set(closed.values_list("closed_on", flat=True)) == {datetime.date(2026, 6, 30)}
    assert Store.objects.count() == 12  # never deleted
    new = Store.objects.filter(name__in=[s["점포명"] for s in stores[10:12]])
    assert set(new.values_list("opened_on", flat=True)) == {datetime.date(2026, 6, 30)}
    events = StoreEvent.objects.filter(kind=StoreEvent.Kind.CLOSED)
    assert events.count() == 2 and all(e.effective_on == datetime.date(2026, 6, 30) for e in events)

    third = write_semas(tmp_path / "2026-12.csv", [semas_row(s) for s in stores[:12]])
    result = import_stores(third, local_government=seogu, snapshot_date=datetime.date(2026, 12, 31))
    assert (result.reopened, result.closed, result.created) == (2, 0, 0)
    assert not Store.objects.filter(status=Store.Status.CLOSED).exists()
    assert StoreEvent.objects.filter(kind=StoreEvent.Kind.REOPENED).count() == 2


def test_a_snapshot_does_not_close_a_store_whose_row_was_rejected(seogu, tmp_path):
    stores = yangdong_market_rows()[:3]
    import_stores(write_semas(tmp_path / "a.csv", [semas_row(s) for s in stores]), local_government=seogu,
                  snapshot_date=datetime.date(2026, 1, 1))
    rows = [semas_row(stores[0]), semas_row(stores[1], 경도="bad"), semas_row(stores[2])]
    result = import_stores(write_semas(tmp_path / "b.csv", rows), local_government=seogu,
                           snapshot_date=datetime.date(2026, 2, 1))
    assert (result.rejected, result.closed) == (1, 0)


def test_a_snapshot_without_rows_of_this_government_closes_nothing(seogu, tmp_path, semas_file):
    import_stores(semas_file, local_government=seogu, snapshot_date=datetime.date(2026, 1, 1))
    rows = [semas_row(s, 시군구코드="29170") for s in yangdong_market_rows()[:3]]
    result = import_stores(write_semas(tmp_path / "other.csv", rows), local_government=seogu,
                           snapshot_date=datetime.date(2026, 2, 1))
    assert result.closed == 0 and result.outside == 3 and result.notes
    assert not Store.objects.filter(status=Store.Status.CLOSED).exists()


def test_snapshot_dates_apply_to_semas_files_only(seogu):
    with pytest.raises(DomainError):
        import_stores(YANGDONG_STORES, local_government=seogu, snapshot_date=datetime.date(2026, 1, 1))


def test_dry_run_counts_without_writing(seogu, semas_file):
    result = import_stores(semas_file, local_government=seogu, dry_run=True)
    # would add G205 G20505 G20509 I201 I20101 I212 I21201 (the majors exist already)
    assert (result.created, result.unassigned, result.categories_created) == (422, 2, 7)
    assert not Store.objects.exists()
    assert not IndustryCategory.objects.filter(level__gt=1).exists()


@pytest.mark.parametrize("content, message", [
    (b"", "비어"),
    ("이름,주소\n가게,어딘가\n".encode(), "머리글"),
])
def test_a_file_of_no_known_format_is_refused_whole(seogu, tmp_path, content, message):
    path = tmp_path / "unknown.csv"
    path.write_bytes(content)
    with pytest.raises(DomainError) as info:
        import_stores(path, local_government=seogu)
    assert message in str(info.value)


def test_the_command_prints_a_summary_and_the_report_paths(seogu, capsys):
    call_command("import_stores", str(MALBAWI_STORES), "--local-government", "29140")
    out = capsys.readouterr().out
    assert "outside" in out and "411" in out and "outside.csv" in out
    call_command("import_stores", str(YANGDONG_STORES), "--format", "market", "--dry-run")
    out = capsys.readouterr().out
    assert "DRY RUN" in out and "422" in out
    assert not Store.objects.exists()
    call_command("import_stores", str(YANGDONG_STORES))
    assert Store.objects.count() == 422


def test_the_command_refuses_bad_arguments(seogu, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_stores", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError):
        call_command("import_stores", str(YANGDONG_STORES), "--local-government", "99999")
    with pytest.raises(CommandError):
        call_command("import_stores", str(YANGDONG_STORES), "--snapshot-date", "2026-01-01")


def test_a_nul_byte_or_an_over_long_line_rejects_its_row_only_and_the_import_completes(seogu, tmp_path, monkeypatch):
    """Before: a NUL in one row failed the whole job in COPY and lost the rest of its batch."""
    monkeypatch.setattr("merchants.importers.reading.MAX_LINE_BYTES", 4_096)
    stores = yangdong_market_rows()[:6]
    rows = [semas_row(store) for store in stores]
    rows[1] = semas_row(stores[1], 상호명="양동\x00상회")  # line 3
    rows[3] = semas_row(stores[3], 도로명주소="광주\x1b서구")  # line 5
    path = write_semas(tmp_path / "nul.csv", rows)
    lines = path.read_bytes().split(b"\r\n")
    lines.insert(4, b"," * 50_000)  # line 5 becomes a line of commas; the escape-character row moves to 6
    path.write_bytes(b"\r\n".join(lines))
    result = import_stores(path, local_government=seogu, batch_size=2)
    assert (result.rows_read, result.created, result.rejected) == (7, 4, 3)
    assert set(Store.objects.values_list("name", flat=True)) == {stores[i]["점포명"] for i in (0, 2, 4, 5)}
    reasons = {int(row[0]): row[1] for row in read_report(result.error_csv)[1:]}
    assert sorted(reasons) == [3, 5, 6]
    assert "제어 문자" in reasons[3] and "3번째 줄" in reasons[3]
    assert "4,096바이트" in reasons[5] and "5번째 줄" in reasons[5]
    assert "제어 문자" in reasons[6]


def test_csv_damage_is_reported_in_korean_not_in_the_csv_modules_words(seogu, tmp_path):
    stores = yangdong_market_rows()[:3]
    path = write_semas(tmp_path / "damaged.csv", [semas_row(store) for store in stores])
    name = stores[1]["점포명"].encode()
    # line 3: a NUL byte in a name (csv accepts it, PostgreSQL would not store it);
    # line 5: a quotation mark never closed, so the field runs on (over short lines) past csv's field limit
    data = path.read_bytes().replace(name, name + b"\x00", 1)
    path.write_bytes(data + b'"' + (b"x" * 1_000 + b"\n") * 140)
    result = import_stores(path, local_government=seogu)
    assert result.created == 2  # the sound rows; the damaged ones and the lines after the runaway quote are reported
    reasons = {int(row[0]): row[1] for row in read_report(result.error_csv)[1:]}
    assert "제어 문자(NUL" in reasons[3] and "따옴표" in reasons[5] and "65,536자" in reasons[5], reasons
    assert not any("field limit" in reason or "line contains" in reason for reason in reasons.values())


def test_market_phones_are_stored_in_the_products_one_format(seogu, tmp_path):
    text = YANGDONG_STORES.read_text(encoding="utf-8-sig")
    assert ",062-363-3038," in text
    path = tmp_path / "market.csv"
    path.write_text(text.replace(",062-363-3038,", ",(062) 363 3038,", 1), encoding="utf-8")
    import_stores(path, local_government=seogu)
    assert Store.objects.get(source="market", external_id="936").phone == "062-363-3038"
