"""Small builders shared by the merchants tests."""

from districts.models import AdministrativeDong
from tests.factories import StoreFactory


def store_in(government, dong_name="양동", **fields):
    """A store of `government` placed in one of its real dongs (the factory's 양동 point by default)."""
    dong = AdministrativeDong.objects.filter(local_government=government, name=dong_name).first()
    if dong is not None and dong_name != "양동":
        fields.setdefault("lon", (dong.min_lon + dong.max_lon) / 2)
        fields.setdefault("lat", (dong.min_lat + dong.max_lat) / 2)
    if government.code != "29140":
        dong = dong or AdministrativeDong.objects.filter(local_government=government).first()
        fields.setdefault("lon", (dong.min_lon + dong.max_lon) / 2)
        fields.setdefault("lat", (dong.min_lat + dong.max_lat) / 2)
    return StoreFactory(local_government=government, dong=dong, **fields)


def synthetic_semas(path, count: int):
    """A SEMAS file of `count` distinct 서구 stores: the real 양동 rows repeated under new store numbers."""
    from tests.merchants.conftest import semas_row, write_semas, yangdong_market_rows

    base = yangdong_market_rows()
    rows = []
    for index in range(count):
        row = semas_row(base[index % len(base)])
        row[0] = f"SYN{index:010d}"  # 상가업소번호 is the first SEMAS column
        rows.append(row)
    return write_semas(path, rows)


# Columns an import run may legitimately stamp differently from another run of the same file.
RUN_STAMPED_COLUMNS = {"id", "created_at", "updated_at"}


def store_fingerprint() -> str:
    """SHA-256 of every merchants_store row (all columns but ids and timestamps), in store-number order."""
    import hashlib

    from merchants.models import Store

    names = [f.attname for f in Store._meta.concrete_fields if f.attname not in RUN_STAMPED_COLUMNS]
    digest = hashlib.sha256()
    for values in Store.objects.order_by("source", "external_id").values_list(*names):
        digest.update(repr(values).encode())
    return digest.hexdigest()


def certificate(name="사업자등록증.png"):
    """A small real PNG, as a scanned business registration certificate would be uploaded."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
