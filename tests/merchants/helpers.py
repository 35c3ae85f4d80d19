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


def certificate(name="사업자등록증.png"):
    """A small real PNG, as a scanned business registration certificate would be uploaded."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
