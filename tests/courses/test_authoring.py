import pytest
from django.urls import reverse
from wagtail.models import TaskState

from courses.authoring import CourseForm
from courses.models import CentreApprovalTask, CoursePage, ensure_course_workflow
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(two_centres):
    a = f.course_tree(two_centres.centre_a, slug="course-a")
    b = f.course_tree(two_centres.centre_b, slug="course-b")
    ensure_course_workflow(a.get_parent())
    return a, b


def test_trainers_edit_only_their_centres_courses(two_centres, courses):
    a, b = courses
    trainer = two_centres.trainer_a
    assert a.permissions_for_user(trainer).can_edit()
    assert not b.permissions_for_user(trainer).can_edit()
    assert a.lessons[0].permissions_for_user(trainer).can_edit()
    assert not b.lessons[0].permissions_for_user(trainer).can_edit()
    assert not b.permissions_for_user(trainer).can_add_subpage()
    # Trainers submit; they do not publish.
    assert not a.permissions_for_user(trainer).can_publish()


def test_the_admin_refuses_another_centres_course(client, two_centres, courses):
    a, b = courses
    client.force_login(two_centres.trainer_a)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[a.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[b.pk])).status_code in (302, 403)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[b.pk]), {"title": "hijacked"})
    assert response.status_code in (302, 403)
    assert CoursePage.objects.get(pk=b.pk).title != "hijacked"


def test_course_form_offers_only_the_trainers_centres(two_centres, courses):
    form_class = CoursePage.get_edit_handler().get_form_class()
    form = form_class(instance=CoursePage(), for_user=two_centres.trainer_a)
    assert issubclass(form_class, CourseForm)
    assert list(form.fields["centre"].queryset) == [two_centres.centre_a]


def test_only_the_courses_centre_manager_moderates_it(two_centres, courses):
    a, b = courses
    t = two_centres
    lesson = a.lessons[0]
    lesson.save_revision(user=t.trainer_a)
    workflow = lesson.get_workflow()
    workflow.start(lesson, t.trainer_a)
    task = CentreApprovalTask.objects.get()
    assert task.get_task_states_user_can_moderate(t.manager_a).count() == 1
    assert task.get_task_states_user_can_moderate(t.manager_b).count() == 0
    assert task.get_actions(lesson, t.manager_a) and not task.get_actions(lesson, t.manager_b)
    assert task.locked_for_user(lesson, t.trainer_a)
    state = TaskState.objects.get()
    task.on_action(state, t.manager_a, "approve")
    lesson.refresh_from_db()
    assert lesson.live and lesson.current_workflow_state is None


def test_workflow_setup_is_idempotent(courses):
    index = courses[0].get_parent()
    first = ensure_course_workflow(index)
    again = ensure_course_workflow(index)
    assert first.pk == again.pk and first.workflow_tasks.count() == 1


def test_managers_and_trainers_may_only_add_under_the_catalogue(client, two_centres, courses):
    index = courses[0].get_parent()
    for user in (two_centres.manager_a, two_centres.trainer_a):
        tester = index.permissions_for_user(user)
        assert tester.can_add_subpage()
        assert not (tester.can_edit() or tester.can_unpublish() or tester.can_publish() or tester.can_move())
    client.force_login(two_centres.manager_a)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[index.pk]))
    index.refresh_from_db()
    assert index.live
    assert index.permissions_for_user(two_centres.obec).can_unpublish()
