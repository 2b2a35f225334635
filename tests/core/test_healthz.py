import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_healthz_is_503_when_the_cache_is_down(client):
    # A real Redis client talking to a port where nothing listens.
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert "127.0.0.1" not in response.content.decode()  # no addresses leak from error messages


def test_healthz_is_503_when_media_storage_is_unusable(client, tmp_path, settings):
    # The media folder would have to live inside a regular file: no folder can be made there.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_livez_answers_without_touching_services(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200 and response.content == b"ok"
