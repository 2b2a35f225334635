import pytest
from django.core.cache import cache
from django.utils import translation

from lms.people.models import Role, StaffFunction
from tests import factories as f


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


@pytest.fixture
def clerk(two_centres):
    """A clerk of centre A: centre staff who keep its teachers' and schools' records."""
    return f.person(
        "clerk_a",
        two_centres.school_a,
        Role.CENTRE_STAFF,
        centre=two_centres.centre_a,
        staff_function=StaffFunction.CLERK,
    )
