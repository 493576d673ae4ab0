import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

TEN_YEARS = 315_360_000


@pytest.fixture
def served_static(collected_static, settings):
    settings.STATIC_ROOT = str(collected_static)
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    # A new client builds a new middleware chain: whitenoise indexes the new STATIC_ROOT.
    return Client()


@pytest.mark.parametrize(
    "name",
    ["admin/css/base.css", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"],
)
def test_hashed_static_files_are_cached_for_years(served_static, name):
    url = staticfiles_storage.url(name)

    response = served_static.get(url)

    assert url != f"/static/{name}", "the file name carries no content hash"
    assert response.status_code == 200
    assert f"max-age={TEN_YEARS}" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


def test_static_files_are_served_compressed(served_static):
    response = served_static.get(
        staticfiles_storage.url("admin/css/base.css"), HTTP_ACCEPT_ENCODING="gzip"
    )

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_unhashed_names_are_only_briefly_cached(served_static):
    response = served_static.get("/static/admin/css/base.css")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert f"max-age={TEN_YEARS}" not in response["Cache-Control"]


def test_production_uses_compressed_manifest_storage():
    import healthcontent.settings as production

    assert production.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
