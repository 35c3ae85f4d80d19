import pytest

URL = "/api/dongs/"


def test_official_gets_own_dongs_as_geojson(official_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = official_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == 18
    yangdong = next(f for f in body["features"] if f["properties"]["code"] == "29140575")
    assert yangdong["properties"]["name"] == "양동"
    assert yangdong["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert official_client.get(URL).json() == body  # repeatable


def test_other_government_official_gets_only_theirs(other_official_client, seogu):
    codes = {f["properties"]["code"] for f in other_official_client.get(URL).json()["features"]}
    assert len(codes) == 28 and all(code.startswith("29170") for code in codes)


@pytest.mark.django_db
def test_anonymous_is_refused(client):
    assert client.get(URL).status_code == 403


def test_merchant_gets_the_public_default_government(merchant_a_client, seogu):
    assert len(merchant_a_client.get(URL).json()["features"]) == 18


def test_schema_and_offline_docs(official_client):
    schema = official_client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/dongs/" in schema.content
    docs = official_client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "drf_spectacular_sidecar" in html or "/static/drf_spectacular_sidecar/" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
