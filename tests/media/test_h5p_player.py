"""The sandboxed player, its token-authorised requests, xAPI validation and results, and saved state."""

import io
import json
import re
import zipfile
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from courses.models import LessonPage
from fixtures import h5p_packages
from lms.learning import services as learning
from lms.learning.models import EnrolmentStatus
from media.h5p import results
from media.h5p.store import store_package
from media.h5p.tokens import play_token
from media.models import H5PContent, H5PResult, H5PStatement
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(two_centres, settings, client):
    # Attempts need no time here unless a test is about their time.
    settings.H5P_MIN_ATTEMPT_SECONDS = 0
    t = two_centres
    installer = t.obec
    installer.user_permissions.add(Permission.objects.get(codename="install_h5p_library"))
    installer = type(installer).objects.get(pk=installer.pk)
    content = store_package(h5p_packages.build("digital-safety"), user=installer)
    course = f.course_tree(t.centre_a, slug="h5p-course", lessons=1)
    lesson = course.add_child(
        instance=LessonPage(
            title="กิจกรรม",
            slug="activity",
            body=[{"type": "h5p", "value": {"title": "แบบฝึก", "content": content.pk}}],
        )
    )
    course = type(course).objects.get(pk=course.pk)
    enrolment = learning.enrol(t.teacher_a, course).enrolment
    learning.complete_lesson(enrolment, course.lessons[0], course)
    token = play_token(t.teacher_a, content, lesson.pk)
    xapi = open_player(client, token)
    return SimpleNamespace(
        t=t, content=content, lesson=lesson, course=course, enrolment=enrolment, token=token, xapi=xapi
    )


def open_player(client, token):
    """Open the player as the lesson's frame does; return the xAPI address of the attempt it started."""
    page = client.get(reverse("h5p:play", args=[token])).content.decode()
    return json.loads(re.search(r'<script id="h5p-config" type="application/json">(.*?)</script>', page).group(1))[
        "xapiUrl"
    ]


def statement(user, content, verb="answered", raw=1, maximum=1, object_suffix="", **extra):
    data = {
        "actor": {"mbox": f"mailto:{results.actor_mail(user)}", "name": "x"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": results.object_iri(content) + object_suffix},
        "result": {"score": {"raw": raw, "max": maximum, "min": 0}, "completion": True, "success": raw == maximum},
    }
    data.update(extra)
    return data


def post_xapi(client, url, data):
    return client.post(url, json.dumps(data), content_type="text/plain")


def test_player_page_is_sandboxed_and_framed_only_by_us(client, setup):
    response = client.get(reverse("h5p:play", args=[setup.token]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox allow-scripts"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "h5p-standalone/main.bundle.js" in response.content.decode()


def test_a_tampered_or_foreign_token_is_refused(client, setup):
    assert client.get(reverse("h5p:play", args=[setup.token[:-2] + "xx"])).status_code == 404
    foreign = setup.xapi.replace(setup.token, setup.token + "x")
    assert post_xapi(client, foreign, statement(setup.t.teacher_a, setup.content)).status_code == 404


def test_files_are_served_for_the_token_and_paths_cannot_escape(client, setup):
    base = f"/h5p/play/{setup.token}/files/"
    manifest = client.get(base + "h5p.json")
    assert manifest.status_code == 200 and manifest["Access-Control-Allow-Origin"] == "*"
    assert client.get(base + "libraries/HCEC.QuickCheck-1.0/quick-check.js").status_code == 200
    for bad in ("../../etc/passwd", "content/../../h5p.json", "libraries/Other.Lib-1.0/x.js", "secret.txt", ".env"):
        assert client.get(base + bad).status_code == 404, bad


def test_a_completed_statement_completes_the_lesson_and_course(client, setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_xapi(client, setup.xapi, statement(setup.t.teacher_a, setup.content, raw=0)).status_code == 200
        assert post_xapi(client, setup.xapi, statement(setup.t.teacher_a, setup.content, raw=1)).status_code == 200
        assert post_xapi(client, setup.xapi, statement(setup.t.teacher_a, setup.content, raw=0)).status_code == 200
    result = H5PResult.objects.get()
    assert (result.attempts, result.best_score, result.latest_score, result.completed) == (3, 1, 0, True)
    setup.enrolment.refresh_from_db()
    assert setup.enrolment.status == EnrolmentStatus.COMPLETED


def test_sub_content_statements_are_kept_but_decide_nothing(client, setup):
    data = statement(setup.t.teacher_a, setup.content, object_suffix="?subContentId=abc")
    assert post_xapi(client, setup.xapi, data).status_code == 200
    assert H5PStatement.objects.get().top_level is False and not H5PResult.objects.exists()


def test_interacted_statements_are_debounced(client, setup):
    data = statement(setup.t.teacher_a, setup.content, verb="interacted")
    data.pop("result")
    outcomes = [post_xapi(client, setup.xapi, data).json()["result"] for _ in range(3)]
    assert outcomes == ["recorded", "ignored", "ignored"] and H5PStatement.objects.count() == 1


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"actor": {"mbox": "mailto:someone-else@example.test"}}, "another person"),
        ({"object": {"id": "https://evil.example/h5p/content/1"}}, "other content"),
        ({"verb": {"id": "not-an-iri"}}, "verb"),
        ({"result": {"score": {"raw": 5, "max": 1}}}, "out of range"),
        ({"result": {"score": {"raw": -1, "max": 1}}}, "out of range"),
        ({"result": {"score": {"raw": 1, "max": 0}}}, "out of range"),
        ({"result": {"score": {"raw": "NaN", "max": 1}}}, "out of range"),
        ({"result": {"score": {"raw": 1, "max": 1, "scaled": 3}}}, "scaled"),
    ],
)
def test_statements_are_validated(client, setup, change, reason):
    data = statement(setup.t.teacher_a, setup.content) | change
    client.cookies["django_language"] = "en"
    response = post_xapi(client, setup.xapi, data)
    assert response.status_code == 400 and reason in response.content.decode()
    assert not H5PStatement.objects.exists() and not H5PResult.objects.exists()


def test_garbage_bodies_are_refused(client, setup):
    assert post_xapi(client, setup.xapi, "[1,2]").status_code == 400
    response = client.post(setup.xapi, b"\xff\xfe", content_type="text/plain")
    assert response.status_code == 400


def test_saved_state_round_trips(client, setup):
    url = reverse("h5p:state", args=[setup.token, "state", "0"])
    assert client.get(url).json() == {"success": True, "data": None}
    assert client.options(url)["Access-Control-Allow-Headers"]
    assert client.post(url, {"data": json.dumps({"answer": 2})}).json() == {"success": True}
    assert json.loads(client.get(url).json()["data"]) == {"answer": 2}
    play = client.get(reverse("h5p:play", args=[setup.token]))
    assert '"state": "{\\"answer\\": 2}"' in play.content.decode()
    client.post(url, {"invalidate": "1"})
    assert client.get(url).json()["data"] is None


def test_the_lesson_shows_results_and_waits_for_the_activity(client, setup, django_capture_on_commit_callbacks):
    client.force_login(setup.t.teacher_a)
    page = client.get(setup.lesson.url)
    assert page.status_code == 200 and 'sandbox="allow-scripts"' in page.content.decode()
    response = client.post(setup.lesson.url + "complete/")
    assert response.status_code == 302
    setup.enrolment.refresh_from_db()
    assert setup.enrolment.status == EnrolmentStatus.ENROLLED  # the button cannot skip the activity
    with django_capture_on_commit_callbacks(execute=True):
        post_xapi(client, setup.xapi, statement(setup.t.teacher_a, setup.content))
    assert "1 / 1" in client.get(setup.lesson.url).content.decode()


def test_files_that_could_render_as_pages_are_attachments_and_sandboxed(
    client, setup, django_capture_on_commit_callbacks
):
    default_storage.save(
        f"{setup.content.storage_prefix}/content/evil.xml", ContentFile(b"<html><script>1</script></html>")
    )
    base = f"/h5p/play/{setup.token}/files/"
    evil = client.get(base + "content/evil.xml")
    assert evil["Content-Disposition"].startswith("attachment") and evil["Content-Type"] == "application/octet-stream"
    assert evil["Content-Security-Policy"].startswith("sandbox") and evil["X-Content-Type-Options"] == "nosniff"
    script = client.get(base + "libraries/HCEC.QuickCheck-1.0/quick-check.js")
    assert "attachment" not in script.get("Content-Disposition", "") and "javascript" in script["Content-Type"]
    assert client.get(base + "content").status_code == 404
    assert client.get(base + "content/a%00b.json").status_code == 400  # refused before any view (lms/core/nul.py)


def test_a_newer_library_patch_does_not_change_existing_items(client, setup):
    upgraded = io.BytesIO()
    with zipfile.ZipFile(h5p_packages.build("english-greetings")) as source, zipfile.ZipFile(upgraded, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith("library.json"):
                data = json.dumps({**json.loads(data), "patchVersion": 3}).encode()
            if name.endswith("quick-check.js"):
                data = b"/* patch 3 */" + data
            target.writestr(name, data)
    upgraded.seek(0)
    newer = store_package(upgraded, user=setup.t.obec)
    old_js = client.get(f"/h5p/play/{setup.token}/files/libraries/HCEC.QuickCheck-1.0/quick-check.js")
    new_token = play_token(setup.t.teacher_a, newer, setup.lesson.pk)
    new_js = client.get(f"/h5p/play/{new_token}/files/libraries/HCEC.QuickCheck-1.0/quick-check.js")
    assert not b"".join(old_js.streaming_content).startswith(b"/* patch 3 */")
    assert b"".join(new_js.streaming_content).startswith(b"/* patch 3 */")
    assert H5PContent.objects.get(pk=setup.content.pk).library_prefixes != newer.library_prefixes


def test_saved_state_is_bounded(client, setup, settings):
    assert client.get(reverse("h5p:state", args=[setup.token, "anything", "0"])).status_code == 400
    assert client.post(reverse("h5p:state", args=[setup.token, "state", "x" * 40]), {"data": "{}"}).status_code == 400
    big = "ก" * (results.MAX_STATE_BYTES // 2)  # few characters, but three bytes each
    assert client.post(reverse("h5p:state", args=[setup.token, "state", "0"]), {"data": big}).status_code == 400
    for n in range(results.MAX_STATES_PER_ITEM):
        assert client.post(reverse("h5p:state", args=[setup.token, "state", str(n)]), {"data": "{}"}).status_code == 200
    assert client.post(reverse("h5p:state", args=[setup.token, "state", "999"]), {"data": "{}"}).status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"actor": "learner"},
        {"object": ["x"]},
        {"verb": 3},
        {"context": "x"},
        {"result": {"score": {"raw": 1e12, "max": 1e12}}},
    ],
)
def test_malformed_statements_are_refused_not_crashed(client, setup, change):
    response = post_xapi(client, setup.xapi, statement(setup.t.teacher_a, setup.content) | change)
    assert response.status_code == 400 and not H5PResult.objects.exists()


def test_h5p_admin_is_scoped_and_adds_only_through_the_upload(client, setup):
    t = setup.t
    mine = setup.content
    mine.centre = t.centre_a
    mine.save()
    client.force_login(t.manager_b)
    assert client.get(reverse("wagtailsnippets_media_h5pcontent:edit", args=[mine.pk])).status_code == 404
    response = client.get(reverse("wagtailsnippets_media_h5pcontent:add"))
    assert response.status_code == 302 and response["Location"] == reverse("h5p_upload")
    chooser = client.get(reverse("wagtailsnippetchoosers_media_h5pcontent:choose")).json()["html"]
    assert mine.title not in chooser
    H5PContent.objects.filter(pk=mine.pk).update(centre=None)  # shared items are choosable by everyone
    assert mine.title in client.get(reverse("wagtailsnippetchoosers_media_h5pcontent:choose")).json()["html"]
    client.force_login(t.manager_a)
    assert client.get(reverse("wagtailsnippets_media_h5pcontent:edit", args=[mine.pk])).status_code == 404


def test_the_lesson_status_follows_a_recorded_result_without_a_reload(
    client, setup, django_capture_on_commit_callbacks
):
    """What the lesson page asks for when a frame says a result was recorded (lesson.js shows it)."""
    status_url = setup.lesson.url + "status/"
    assert client.get(status_url).status_code == 403  # signed out
    client.force_login(setup.t.teacher_b)
    assert client.get(status_url).status_code == 403  # not enrolled
    client.force_login(setup.t.teacher_a)
    client.cookies["django_language"] = "en"
    page = client.get(setup.lesson.url).content.decode()
    assert f'data-status-url="{status_url}"' in page and f'data-h5p-result="{setup.content.pk}"' in page
    before = client.get(status_url).json()
    activity = str(setup.content.pk)
    assert before["done"] is False and before["activities"][activity]["text"] == ""
    assert before["missing"] == ["complete the activity “แบบฝึก”"]
    assert [need["met"] for need in before["requirements"]] == [False]
    with django_capture_on_commit_callbacks(execute=True):
        post_xapi(client, setup.xapi, statement(setup.t.teacher_a, setup.content, raw=1))
    after = client.get(status_url)
    assert "no-store" in after["Cache-Control"]
    after = after.json()
    assert after["done"] is True and after["missing"] == [] and after["percent_complete"] == 100
    assert [need["met"] for need in after["requirements"]] == [True]
    assert after["activities"][activity]["completed"] is True
    assert after["activities"][activity]["best_score"] == 1.0
    assert after["activities"][activity]["text"] == "Done. Best score 1 / 1 · latest 1 / 1 · 1 attempts"
