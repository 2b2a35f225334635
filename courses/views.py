"""What the catalogue, course and lesson pages do: list courses, show, enrol, withdraw, enrol others,
open and complete lessons.

The page models route here; every change is made by ``lms.learning.services``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from lms.certificates.services import course_certificate
from lms.core.caching import mark_public_if_anonymous, never_store
from lms.core.errors import Refused
from lms.learning import services as learning
from lms.learning.models import Enrolment, EnrolmentStatus
from lms.people.models import User
from lms.people.roles import Capability, scope_for
from media.h5p.tokens import play_token

from . import progress
from .catalogue import catalogue_context
from .models import ModulePage
from .permissions import is_course_staff, may_enrol_others


def catalogue(request, index_page):
    response = index_page.render(request, context_overrides=catalogue_context(index_page, request))
    return mark_public_if_anonymous(request, response)


def _outline(course, completed_ids):
    """Modules and lessons in reading order: ``[(module or None, [lesson, ...])]``.

    Lessons come ordered by tree path, so the lessons of one module are next to each other.
    """
    modules = {m.path: m for m in ModulePage.objects.live().child_of(course)}
    groups = []
    for lesson in course.lessons:
        lesson.is_done = lesson.pk in completed_ids
        module = modules.get(lesson.path[: -lesson.steplen]) if lesson.depth == course.depth + 2 else None
        if not groups or groups[-1][0] is not module:
            groups.append((module, []))
        groups[-1][1].append(lesson)
    return groups


def course_page(request, course):
    enrolment = None
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=request.user, course_id=course.pk).first()
    completed_ids = learning.completed_lesson_ids(enrolment)
    seats = learning.seats_taken(course) if course.capacity is not None else None
    response = TemplateResponse(
        request,
        "courses/course_page.html",
        {
            "page": course,
            "self": course,
            "enrolment": enrolment,
            "outline": _outline(course, completed_ids),
            "next_lesson": course.next_lesson(completed_ids),
            "certificate": course_certificate(request.user, course)
            if enrolment is not None and enrolment.status == EnrolmentStatus.COMPLETED
            else None,
            "seats_taken": seats,
            "seats_left": None if seats is None else max(course.capacity - seats, 0),
            "competencies": list(course.competencies.all()),
            "prerequisites": list(course.prerequisites.live()) if course.pk else [],
            "can_enrol_others": may_enrol_others(request.user, course),
            "total_minutes": sum(lesson.estimated_minutes for lesson in course.lessons),
            "credited_hours": course.credited_hours(),
        },
    )
    return mark_public_if_anonymous(request, response)


def enrol(request, course):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    try:
        result = learning.enrol(request.user, course)
    except Refused as refused:
        messages.error(request, str(refused))
        return redirect(course.url)
    if result.outcome == "enrolled":
        messages.success(request, _("You are enrolled. Start with the first lesson."))
    elif result.outcome == "waitlisted":
        messages.info(request, _("The course is full: you are on the waiting list and will get a seat when one frees."))
    else:
        messages.info(request, _("You are already enrolled in this course."))
    return redirect(course.url)


def withdraw(request, course):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    enrolment = Enrolment.objects.filter(user=request.user, course_id=course.pk).first()
    if enrolment is None or enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
        messages.error(request, _("You are not enrolled in this course."))
    else:
        learning.withdraw(enrolment, course)
        messages.success(request, _("You have withdrawn from the course."))
    return redirect(course.url)


def _find_people(lines, staff):
    """People named one per line by username or citizen ID, among those ``staff`` keeps records of.

    Returns ``(people, unknown lines)``. Someone outside the staff member's scope is "unknown", exactly
    like a name nobody has, so the form cannot be used to learn whose citizen ID a number is.
    """
    candidates = User.objects.in_scope(scope_for(staff, Capability.EDIT_PEOPLE)).filter(is_active=True)
    people, unknown = [], []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        person = candidates.named(text).first()
        (people if person else unknown).append(person or text)
    return people, unknown


@never_cache
def enrol_people(request, course):
    """A centre manager or staff member enrols a list of teachers (usernames or citizen IDs)."""
    if not may_enrol_others(request.user, course):
        raise PermissionDenied
    context = {"page": course, "self": course, "text": "", "results": None}
    if request.method == "POST":
        text = request.POST.get("people", "")
        lines = text.splitlines()
        if len(lines) > 500:
            messages.error(request, _("Enrol at most 500 people at a time."))
            context["text"] = text
            return TemplateResponse(request, "courses/enrol_people.html", context)
        people, unknown = _find_people(lines, request.user)
        results = learning.enrol_many(people, course, by=request.user)
        context.update({"text": "\n".join(unknown), "results": results, "unknown": unknown})
        done = sum(1 for _person, r in results if not isinstance(r, Refused))
        messages.success(
            request, ngettext("%(count)d person processed.", "%(count)d people processed.", done) % {"count": done}
        )
        if unknown:
            messages.error(
                request,
                _(
                    "No one among the people you keep records of has these usernames or citizen IDs; "
                    "they are left in the box."
                ),
            )
    return TemplateResponse(request, "courses/enrol_people.html", context)


def _h5p_players(user, lesson, results):
    """For each H5P item of the lesson: the player address (with a token for this user and lesson) and
    the user's result (``results``, by item)."""
    return {
        c.pk: {"url": reverse("h5p:play", args=[play_token(user, c, lesson.pk)]), "result": results.get(c.pk)}
        for c in lesson.h5p_contents()
    }


def lesson_page(request, lesson):
    course = lesson.course
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enrolment = learning.active_enrolment(request.user, course)
    staff = enrolment is None and is_course_staff(request.user, course)
    if enrolment is None and not staff:
        messages.info(request, _("Enrol in the course to open its lessons."))
        return redirect(course.url)
    lesson_progress = learning.record_view(enrolment, lesson) if enrolment is not None else None
    completed_ids = learning.completed_lesson_ids(enrolment)
    lessons = course.lessons
    position = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    needed = lesson.required_seconds(course)
    h5p_results = progress.h5p_results(lesson, request.user)
    response = TemplateResponse(
        request,
        "courses/lesson_page.html",
        {
            "page": lesson,
            "self": lesson,
            "course": course,
            "enrolment": enrolment,
            "viewing_as_staff": staff,
            "outline": _outline(course, completed_ids),
            "is_done": lesson.pk in completed_ids,
            "previous_lesson": lessons[position - 1] if position > 0 else None,
            "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
            "position": position + 1,
            "lesson_count": len(lessons),
            "h5p_players": _h5p_players(request.user, lesson, h5p_results),
            "requirements": progress.requirements(lesson, request.user, lesson_progress, course, h5p_results)
            if enrolment is not None
            else [],
            "seconds_needed": needed,
            "seconds_spent": min(lesson_progress.active_seconds, needed) if lesson_progress else 0,
            "heartbeat_seconds": settings.LESSON_HEARTBEAT_SECONDS,
        },
    )
    return never_store(response)


def _enrolled_for_progress(request, lesson):
    """The teacher's active enrolment in the lesson's course, or the JSON refusal a page script shows."""
    if not request.user.is_authenticated:
        return None, JsonResponse({"error": _("Sign in again to go on.")}, status=403)
    enrolment = learning.active_enrolment(request.user, lesson.course)
    if enrolment is None:
        return None, JsonResponse({"error": _("Only enrolled teachers record progress in this course.")}, status=403)
    return enrolment, None


def heartbeat(request, lesson):
    """The lesson page, visible and in use, reports that the teacher is still on it (every
    ``LESSON_HEARTBEAT_SECONDS``); the answer is the time the server has counted."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    enrolment, refusal = _enrolled_for_progress(request, lesson)
    if refusal:
        return refusal
    course = lesson.course
    lesson_progress = learning.record_activity(enrolment, lesson)
    needed = lesson.required_seconds(course)
    time = progress.time_requirement(lesson, lesson_progress, course)
    response = JsonResponse(
        {
            "spent": min(lesson_progress.active_seconds, needed),
            "needed": needed,
            "text": time.text if time else "",
            "met": time.met if time else True,
        }
    )
    return never_store(response)


def _completed_message(user, course):
    """The course is done: the hours credited, and where the certificate is (issued as the completion
    committed, unless it could not be; then My certificates will list it)."""
    credited = _("Course completed! %(hours)s development hours have been credited to you.") % {
        "hours": floatformat(course.credited_hours(), -1)
    }
    certificate = course_certificate(user, course)
    if certificate is not None:
        return format_html(
            '{} <a href="{}">{}</a>',
            credited,
            reverse("certificates:download", args=[certificate.code]),
            _("Download your certificate"),
        )
    preparing = format_html(
        _('Your certificate is being prepared; it will be listed in <a href="{url}">My certificates</a>.'),
        url=reverse("certificates:mine"),
    )
    return format_html("{} {}", credited, preparing)


def lesson_status(request, lesson):
    """The teacher's progress on the lesson as its page shows it, asked for again when an H5P frame says
    the server recorded a result: so the page says at once that the lesson is done, or what is still
    missing, and each activity's best score, without a reload. Only the server's records count here."""
    enrolment, refusal = _enrolled_for_progress(request, lesson)
    if refusal:
        return refusal
    course = lesson.course
    lesson_progress = enrolment.lesson_progress.filter(lesson_id=lesson.pk).first()
    results = progress.h5p_results(lesson, request.user)
    needs = progress.requirements(lesson, request.user, lesson_progress, course, results)
    activities = {}
    for block in lesson.h5p_blocks():
        result = results.get(block["content"].pk)
        activities[block["content"].pk] = {
            "completed": bool(result and result.completed),
            "best_score": None if result is None or result.best_score is None else float(result.best_score),
            "max_score": None if result is None or result.max_score is None else float(result.max_score),
            "done_mark": bool(result and result.completed and block.get("requirement") != "passed"),
            "text": " ".join(
                render_to_string("courses/blocks/_h5p_result.html", {"value": block, "result": result}).split()
            )
            if result
            else "",
        }
    response = JsonResponse(
        {
            "done": bool(lesson_progress and lesson_progress.completed_at),
            "percent_complete": enrolment.percent_complete,
            "requirements": [{"kind": n.kind, "met": n.met, "text": n.text} for n in needs],
            "missing": [n.missing for n in needs if not n.met],
            "activities": activities,
        }
    )
    return never_store(response)


def complete(request, lesson):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    course = lesson.course
    enrolment = learning.active_enrolment(request.user, course)
    if enrolment is None:
        messages.error(request, _("Only enrolled teachers record progress in this course."))
        return redirect(course.url)
    # The click itself is seen on the page: the seconds since the last heartbeat count.
    learning.record_activity(enrolment, lesson)
    was_completed = enrolment.status == EnrolmentStatus.COMPLETED
    try:
        enrolment = learning.complete_lesson(enrolment, lesson, course)
    except learning.LessonNotDone as not_done:
        messages.error(
            request,
            _("Not marked as done yet. Still to do: %(missing)s.") % {"missing": "; ".join(not_done.missing)},
        )
        return redirect(lesson.url)
    if enrolment.status == EnrolmentStatus.COMPLETED and not was_completed:
        messages.success(request, _completed_message(request.user, course))
        return redirect(course.url)
    messages.success(request, _("Lesson marked as done."))
    lessons = course.lessons
    following = [item for item in lessons if item.path > lesson.path]
    return redirect(following[0].url if following else course.url)
