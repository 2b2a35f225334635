import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counters live in the cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client):
    """Pages and messages in English, for the tests that read them (``usefixtures("english")``)."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
