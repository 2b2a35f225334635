"""With Redis unreachable, pages, /verify/ and sign-in keep answering; counters fail open or closed by kind."""

import logging
import math

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from lms.core import counters
from lms.core.cache import CacheUnavailable, ResilientRedisCache
from lms.exams.services.admission import ADMISSION_TRIES
from tests import factories as f
from tests.people.test_profile import form_data

pytestmark = pytest.mark.django_db

# A real Redis client talking to a port where nothing listens, as in production's settings.
DOWN = {
    "default": {
        "BACKEND": "lms.core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_down():
    ResilientRedisCache._outages.clear()
    with override_settings(CACHES=DOWN):
        yield
    ResilientRedisCache._outages.clear()


@pytest.fixture
def pages(two_centres):
    course = f.course_tree(two_centres.centre_a)
    space = f.plc_space(two_centres.centre_a, two_centres.trainer_a)
    return two_centres, course, space


def test_pages_answer_while_the_cache_is_down(client, redis_down, pages):
    people, course, space = pages
    for path in ("/", "/courses/", course.url, "/plc/", space.url, "/verify/", "/accounts/login/"):
        assert client.get(path).status_code == 200, path
    client.force_login(people.teacher_a)
    for path in (course.lessons[0].url, "/my-learning/", "/tests/", "/certificates/", "/accounts/profile/"):
        assert client.get(path).status_code in (200, 302), path


def test_verification_answers_while_the_cache_is_down(client, redis_down, two_centres):
    from lms.certificates import services

    certificate = services.issue(two_centres.teacher_a, kind="course", key="course:1", achievement="x", detail="y")[0]
    for _ in range(40):  # more than CERTIFICATE_VERIFY_PER_MINUTE: the limit fails open
        assert client.get(f"/verify/{certificate.code}/").status_code == 200
    assert client.get(f"/verify/{certificate.code}.json").json()["status"] == "valid"


def test_signing_in_works_while_the_cache_is_down(client, redis_down, two_centres):
    response = client.post("/accounts/login/", {"username": "teacher_a", "password": "pw-for-tests-123"})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_admission_code_tries_fail_closed_and_verify_look_ups_fail_open(redis_down):
    admit = "exams:admit:1:2"
    assert counters.current(admit) >= ADMISSION_TRIES and counters.count(admit, 600) == math.inf
    assert counters.count("certificates:verify:10.0.0.1", 60) == 0
    assert counters.count("people:reset:client:10.0.0.1", 3600) == math.inf
    assert counters.policy("something:new") == counters.CLOSED


def test_a_teacher_saves_their_profile_while_the_cache_is_down(client, redis_down, two_centres):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    response = client.post(reverse("people:profile_edit"), form_data(teacher, **{"person-first_name": "สมหญิง"}))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.first_name == "สมหญิง"


def test_the_outage_is_logged_once_and_redis_is_not_asked_again_at_once(redis_down, caplog, monkeypatch):
    calls = []
    real_get = ResilientRedisCache.__mro__[1].get
    monkeypatch.setattr(ResilientRedisCache.__mro__[1], "get", lambda *a, **k: calls.append(1) or real_get(*a, **k))
    with caplog.at_level(logging.WARNING, logger="lms.core.cache"):
        for _ in range(20):
            assert cache.get("k", "miss") == "miss"
            cache.set("k", 1)
            cache.delete("k")
            assert cache.get_many(["a", "b"]) == {}
    assert len(calls) == 1
    assert len([r for r in caplog.records if r.name == "lms.core.cache"]) == 1
    with pytest.raises(CacheUnavailable):
        cache.incr("k")


def test_the_cache_works_again_when_redis_is_back(redis_down, monkeypatch):
    import time

    assert cache.get("k") is None
    state = next(iter(ResilientRedisCache._outages.values()))
    assert state["down_until"] > time.monotonic()
    state["down_until"] = 0.0  # the retry interval has passed
    monkeypatch.setattr(ResilientRedisCache.__mro__[1], "get", lambda self, key, default=None, version=None: "back")
    assert cache.get("k") == "back"


@pytest.mark.skipif("not __import__('redis').Redis(port=6379, db=15).ping()", reason="needs Redis on 6379")
def test_with_redis_up_the_backend_caches_and_counts():
    live = {"default": {**DOWN["default"], "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": "hcec-web-test"}}
    with override_settings(CACHES=live):
        cache.set("k", {"a": 1})
        assert cache.get("k") == {"a": 1}
        assert [counters.count("exams:admit:test", 5) for _ in range(3)] == [1, 2, 3]
        assert counters.current("exams:admit:test") == 3
        cache.delete_many(["k", "exams:admit:test"])
