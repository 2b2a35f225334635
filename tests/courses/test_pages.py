import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.test.utils import WagtailTestUtils  # noqa: F401 - documents where tree assertions come from

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from lms.learning import services
from lms.learning.models import Enrolment, LessonProgress
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(two_centres):
    return f.course_tree(two_centres.centre_a, lessons=4, modules=2)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_tree_rules_keep_the_structure_sound():
    assert CoursePage.parent_page_types == ["courses.CourseIndexPage"]
    assert set(CoursePage.subpage_types) == {"courses.ModulePage", "courses.LessonPage"}
    assert ModulePage.subpage_types == ["courses.LessonPage"]
    assert LessonPage.subpage_types == []
    assert not LessonPage.can_exist_under(CourseIndexPage())


def test_course_page_is_public_and_lessons_are_not(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "Cookie" in response["Vary"]
    assert "csrftoken" not in response.cookies  # nothing per-visitor on an anonymous page
    lesson = course.lessons[0]
    response = client.get(lesson.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_not_enrolled_teacher_is_sent_to_the_course_page(client, two_centres, course):
    client.force_login(two_centres.teacher_b)
    response = client.get(course.lessons[0].url)
    assert response.status_code == 302 and response["Location"] == course.url


def test_enrolled_teacher_reads_and_completes_lessons(client, two_centres, course):
    t = two_centres
    client.force_login(t.teacher_a)
    response = client.post(course.url + "enrol/")
    assert response.status_code == 302
    response = client.post(course.url + "enrol/")
    assert "already" in texts(response)[-1].lower() or "แล้ว" in texts(response)[-1]
    assert Enrolment.objects.filter(user=t.teacher_a).count() == 1
    lesson = course.lessons[0]
    assert client.get(lesson.url).status_code == 200
    assert LessonProgress.objects.filter(lesson_id=lesson.pk).exists()
    for item in course.lessons:
        client.post(item.url + "complete/")
    enrolment = Enrolment.objects.get(user=t.teacher_a)
    assert enrolment.status == "completed"
    page = client.get("/my-learning/")
    assert page.status_code == 200 and page.context["hours_total"] == 6


def test_staff_read_lessons_without_recording_progress(client, two_centres, course):
    client.force_login(two_centres.trainer_a)
    response = client.get(course.lessons[0].url)
    assert response.status_code == 200 and response.context["viewing_as_staff"]
    assert not LessonProgress.objects.exists()
    client.force_login(two_centres.manager_b)  # another centre's manager is not staff here
    assert client.get(course.lessons[0].url).status_code == 302


def test_get_on_actions_is_refused(client, two_centres, course):
    client.force_login(two_centres.teacher_a)
    assert client.get(course.url + "enrol/").status_code == 405
    assert client.get(course.lessons[0].url + "complete/").status_code == 405


def test_completing_without_enrolment_changes_nothing(client, two_centres, course):
    client.force_login(two_centres.teacher_a)
    response = client.post(course.lessons[0].url + "complete/")
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()


def test_manager_enrols_a_list_and_sees_each_result(client, two_centres, course):
    t = two_centres
    client.force_login(t.manager_a)
    response = client.post(
        course.url + "enrol-people/",
        {
            "people": f"teacher_a\n{t.trainer_a.citizen_id_display}\nnobody\n"
            f"{t.teacher_b.citizen_id_display}\nteacher_a\n"
        },
    )
    assert response.status_code == 200
    assert set(Enrolment.objects.values_list("user__username", flat=True)) == {"teacher_a", "trainer_a"}
    # Someone of another centre is reported exactly like a name nobody has: no lookup of IDs.
    assert response.context["unknown"] == ["nobody", t.teacher_b.citizen_id_display]
    assert t.teacher_b.display_name not in response.content.decode()
    assert [r.outcome for _p, r in response.context["results"]] == ["enrolled", "enrolled", "already"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["teacher_a", "trainer_a", "manager_b"])
def test_others_cannot_enrol_people(client, two_centres, course, who):
    client.force_login(getattr(two_centres, who))
    assert client.post(course.url + "enrol-people/", {"people": "teacher_b"}).status_code == 403
    assert not Enrolment.objects.exists()


def _count_queries(client, url, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_course_and_lesson_pages_cost_the_same_queries_at_two_sizes(client, two_centres, django_assert_max_num_queries):
    t = two_centres
    # Both courses in progress (two lessons done of each), so the pages show the same things.
    small = f.course_tree(t.centre_a, slug="small", lessons=3, modules=1)
    large = f.course_tree(t.centre_a, slug="large", lessons=30, modules=5)
    for c in (small, large):
        enrolment = services.enrol(t.teacher_a, c).enrolment
        for lesson in c.lessons[:2]:
            services.complete_lesson(enrolment, lesson, c)
    for i in range(20):
        services.enrol(f.person(f"crowd{i}", t.school_a), large)
    client.force_login(t.teacher_a)
    # The first lesson event of a person creates their study clock; later ones only move it.
    client.get(small.lessons[0].url)
    counts = {}
    for label, c in (("small", small), ("large", large)):
        counts[label] = (
            _count_queries(client, c.url, django_assert_max_num_queries),
            _count_queries(client, c.lessons[1].url, django_assert_max_num_queries),
        )
    assert counts["small"] == counts["large"], counts
    client.logout()
    assert _count_queries(client, small.url, None) == _count_queries(client, large.url, None)


def test_thai_search_finds_a_word_inside_a_title(client, two_centres):
    t = two_centres
    f.course_tree(t.centre_a, slug="en", title="การพัฒนาทักษะภาษาอังกฤษสำหรับครู")
    f.course_tree(t.centre_b, slug="dl", title="การรู้ดิจิทัลในห้องเรียน", track="digital")
    index = CourseIndexPage.objects.get()

    def found(query, **filters):
        response = client.get(index.url, {"q": query, **filters})
        return [c.slug for c in response.context["courses_page"]]

    assert found("ทักษะ") == ["en"]
    assert found("อังกฤษ") == ["en"]
    assert found("ดิจิทัล") == ["dl"]
    assert found("ห้องเรียน ดิจิทัล") == ["dl"]
    assert found("คณิตศาสตร์") == []
    assert found("ทักษะ", track="digital") == []


def test_catalogue_filters(client, two_centres):
    t = two_centres
    f.course_tree(t.centre_a, slug="a", track="english", level="advanced")
    f.course_tree(t.centre_b, slug="b", track="digital", delivery_mode="virtual")
    index = CourseIndexPage.objects.get()

    def slugs(**params):
        return sorted(c.slug for c in client.get(index.url, params).context["courses_page"])

    assert slugs() == ["a", "b"]
    assert slugs(track="digital") == ["b"]
    assert slugs(level="advanced") == ["a"]
    assert slugs(mode="virtual") == ["b"]
    assert slugs(centre=t.centre_a.pk) == ["a"]
    assert slugs(province=t.centre_b.province_id) == ["b"]
    response = client.get(index.url, {"track": "nonsense"})
    assert response.status_code == 200 and list(response.context["courses_page"]) == []


def test_anonymous_catalogue_and_course_are_cacheable_and_vary_by_language(client, two_centres):
    course = f.course_tree(two_centres.centre_a, slug="cached", title_en="Cached course")
    index = CourseIndexPage.objects.get()
    for url in (index.url, course.url):
        thai = client.get(url)
        assert thai["Cache-Control"] == "public, max-age=300"
        assert "Cookie" in thai["Vary"]
        assert thai["Content-Language"] == "th" and "csrftoken" not in thai.cookies
        client.cookies["django_language"] = "en"
        english = client.get(url)
        assert english["Content-Language"] == "en"
        assert thai.content != english.content
        del client.cookies["django_language"]
    client.force_login(two_centres.teacher_a)
    assert client.get(index.url)["Cache-Control"] == "private, no-cache"


def test_a_course_copied_for_a_new_run_keeps_lessons_and_drops_the_window(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="run-1")
    course.enrolment_closes = timezone.now() + datetime.timedelta(days=30)
    course.save()
    services.enrol(two_centres.teacher_a, course)
    copy = course.copy(recursive=True, update_attrs={"slug": "run-2", "title": "รุ่นที่ 2"}, keep_live=False)
    copy = CoursePage.objects.get(pk=copy.pk)
    assert copy.enrolment_closes is None and copy.centre == course.centre
    assert LessonPage.objects.descendant_of(copy).count() == 3
    assert not Enrolment.objects.filter(course_id=copy.pk).exists()


@pytest.mark.parametrize("query", ['"', '"ภาษา', "*", "NEAR(", "-", "a OR", "ครู' OR 1=1 --", "ก" * 200])
def test_search_syntax_and_punctuation_never_break_the_catalogue(client, two_centres, query):
    f.course_tree(two_centres.centre_a, slug="safe", title="การพัฒนาครูภาษาไทย")
    assert client.get(CourseIndexPage.objects.get().url, {"q": query}).status_code == 200


@pytest.mark.parametrize("query", ["ครู!", "(ครู)", "ภาษา, ไทย", "ครู."])
def test_punctuation_around_words_is_ignored(client, two_centres, query):
    f.course_tree(two_centres.centre_a, slug="punct", title="การพัฒนาครูภาษาไทย")
    response = client.get(CourseIndexPage.objects.get().url, {"q": query})
    assert [c.slug for c in response.context["courses_page"]] == ["punct"]


def test_a_page_that_sets_a_cookie_is_never_public(client, two_centres):
    course = f.course_tree(two_centres.centre_a, slug="msg")
    storage = CookieStorage(HttpRequest())
    storage.add(20, "a message for this visitor")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    page = client.get(course.url)  # shows the message, and the response clears the cookie
    assert "a message for this visitor" in page.content.decode()
    assert page["Cache-Control"] == "private, no-cache"


def test_lesson_documents_are_served_only_to_who_may_open_the_lesson(client, two_centres):
    t = two_centres
    document = Document.objects.create(title="ใบงาน", file=ContentFile(b"worksheet", name="worksheet.pdf"))
    public = Document.objects.create(title="ประกาศ", file=ContentFile(b"notice", name="notice.pdf"))
    course = f.course_tree(t.centre_a, slug="docs", lessons=0)
    course.add_child(
        instance=LessonPage(
            title="บทที่มีเอกสาร", slug="with-doc", body=[{"type": "document", "value": {"document": document.pk}}]
        )
    )
    url = document.url
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(t.teacher_b)
    assert client.get(url).status_code == 403
    assert client.get(public.url).status_code == 200  # not in any lesson: served as usual
    services.enrol(t.teacher_b, CoursePage.objects.get(pk=course.pk))
    assert client.get(url).status_code == 200
    client.force_login(t.trainer_a)  # staff of the course's centre
    assert client.get(url).status_code == 200
