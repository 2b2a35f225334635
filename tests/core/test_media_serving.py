"""The demo (DEBUG) serves from local media only what anyone may see; private files need their views."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db

PRIVATE = [
    "exams/audio/book.wav",
    "plc/1/0123456789abcdef.pdf",
    "h5p/content/1/h5p.json",
    "certificates/abc.pdf",
    "documents/handout.pdf",
    "original_images/photo.jpg",
    "imports/org/2026/12/schools.csv",
]


@pytest.fixture
def demo_urls(settings):
    import lms.urls

    settings.DEBUG = True
    importlib.reload(lms.urls)
    clear_url_caches()
    saved = [default_storage.save(name, ContentFile(b"secret")) for name in PRIVATE]
    public = default_storage.save("images/photo.max-800x600.jpg", ContentFile(b"jpeg"))
    yield saved, public
    settings.DEBUG = False
    importlib.reload(lms.urls)
    clear_url_caches()
    for name in [*saved, public]:
        default_storage.delete(name)


def test_private_media_is_not_served_to_anyone_in_the_demo(client, demo_urls, two_centres):
    saved, _public = demo_urls
    for visitor in (None, two_centres.teacher_a, two_centres.obec):
        if visitor:
            client.force_login(visitor)
        for name in saved:
            response = client.get(f"/media/{name}")
            assert response.status_code == 404, (visitor, name)
            assert b"secret" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_image_renditions_are_served_in_the_demo(client, demo_urls):
    _saved, public = demo_urls
    response = client.get(f"/media/{public}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"jpeg"
    assert client.get("/media/images/../exams/audio/book.wav").status_code == 404
