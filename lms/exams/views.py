"""Candidates sit tests; proctors admit them; staff read results and item analysis.

Every view checks on the server who is asking: an attempt is only ever found through its candidate,
results only through the viewer's scope, a sitting's code only by its proctor or the centre's staff.
"""

import functools
import json
import logging
import mimetypes
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.core.caching import private
from lms.core.errors import DATABASE_UNAVAILABLE, Refused, database_unavailable
from lms.core.storage import serve_file
from lms.people.roles import Capability, has_capability, require_scope

from . import analysis, permissions, scoring
from .formats import QType
from .models import AttemptItem, Exam, ExamAttempt, ExamMode, Seat, Sitting
from .services.admission import admit, book_seat, exams_for, renew_admission_code
from .services.answers import close_if_expired, save_answers, submit_attempt
from .services.attempts import start_attempt
from .values import ItemValues

logger = logging.getLogger(__name__)


def survives_database_outage(*, json=False):
    """Answer a database that cannot be reached (a PostgreSQL restart, a failover) with a calm 503.

    Outermost on the view, so that the session and user look-ups of ``login_required`` are covered too;
    what fails before the view (a middleware reading the session) gets the site-wide 503 of
    ``lms.core.errors``.
    Autosave answers JSON, which take.js reads as "reconnecting": it keeps the answers on the device
    and sends them again. Pages get a plain page that needs no database (no base template, whose menu
    reads it) and tries again by itself, or, after a POST, sends the candidate back to the test.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
                # Rendered here, so that a page whose template reads the database is covered as well.
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                return response
            except DATABASE_UNAVAILABLE:
                logger.warning("database unavailable during %s", request.path, exc_info=True)
                attempt = kwargs.get("pk")
                return database_unavailable(
                    request,
                    json=json,
                    message=_("Reconnecting… your answers are kept on this device."),
                    template="exams/unavailable.html",
                    back=reverse("exams:attempt", args=[attempt]) if attempt else None,
                )

        return wrapper

    return decorator


def _own_attempt(request, pk):
    return get_object_or_404(ExamAttempt.objects.select_related("exam"), pk=pk, user=request.user)


@never_cache
@login_required
def exam_list(request):
    now = timezone.now()
    exams = list(exams_for(request.user, now).prefetch_related("blueprint_rules"))
    mine = ExamAttempt.objects.filter(user=request.user).select_related("exam").order_by("-started_at")
    return TemplateResponse(
        request,
        "exams/exam_list.html",
        {
            "exams": exams,
            "attempts": mine[:50],
            "now": now,
            "may_manage": has_capability(request.user, Capability.VIEW_RESULTS),
        },
    )


@never_cache
@login_required
def exam_detail(request, exam_id):
    exam = get_object_or_404(
        Exam.objects.filter(published=True).prefetch_related("blueprint_rules", "cut_scores"), pk=exam_id
    )
    now = timezone.now()
    attempts = list(ExamAttempt.objects.filter(exam=exam, user=request.user).order_by("number"))
    current = next((a for a in attempts if a.in_progress), None)
    if current is not None:
        current = close_if_expired(current, now)
        if not current.in_progress:
            current = None
    sittings = []
    if exam.mode == ExamMode.SITTING:
        seats = {s.sitting_id: s for s in Seat.objects.filter(user=request.user, sitting__exam=exam)}
        for sitting in (
            exam.sittings.filter(ends_at__gt=now).select_related("centre").annotate(booked=Count("booked_seats"))
        ):
            sittings.append((sitting, seats.get(sitting.pk)))
    return TemplateResponse(
        request,
        "exams/exam_detail.html",
        {
            "exam": exam,
            "attempts": attempts,
            "current": current,
            "is_open": exam.is_open(now),
            "attempts_left": max(0, exam.max_attempts - len(attempts)),
            "sittings": sittings,
        },
    )


@survives_database_outage()
@require_POST
@login_required
def start(request, exam_id):
    exam = get_object_or_404(Exam, pk=exam_id, published=True)
    sitting = None
    if exam.mode == ExamMode.SITTING:
        sitting_id = request.POST.get("sitting", "")
        if not (sitting_id.isascii() and sitting_id.isdigit()) or len(sitting_id) > 12:
            raise Http404
        sitting = get_object_or_404(Sitting, pk=int(sitting_id), exam=exam)
        try:
            admit(sitting, request.user, request.POST.get("code", ""))
        except Refused as error:
            messages.error(request, str(error))
            return redirect("exams:exam", exam_id=exam.pk)
    try:
        attempt = start_attempt(exam, request.user, sitting=sitting)
    except Refused as error:
        messages.error(request, str(error))
        return redirect("exams:exam", exam_id=exam.pk)
    return redirect("exams:attempt", pk=attempt.pk)


@require_POST
@login_required
def book(request, exam_id, sitting_id):
    sitting = get_object_or_404(Sitting, pk=sitting_id, exam_id=exam_id, exam__published=True)
    try:
        book_seat(sitting, request.user)
        messages.success(request, _("Your seat is booked. Bring the admission code the proctor gives in the room."))
    except Refused as error:
        messages.error(request, str(error))
    return redirect("exams:exam", exam_id=exam_id)


def _question_view(attempt, item, qtype):
    """What the template needs to show one item: its choices in this candidate's order, each under its
    opaque value (never the bank's id), and which of them the saved answer holds."""
    data = item.version.data
    response = item.response
    values = ItemValues(attempt, item.position)
    view = {"item": item, "qtype": qtype, "version": item.version, "response": response}
    if qtype in (QType.SINGLE, QType.MULTIPLE):
        by_id = {o["id"]: o for o in data["options"]}
        chosen = set(response if isinstance(response, list) else [response])
        view["options"] = [
            (values.option(option_id), by_id[option_id]["text"], option_id in chosen) for option_id in item.choice_order
        ]
    elif qtype == QType.TRUE_FALSE:
        view["options"] = [
            (values.truth(truth), label, response is truth) for truth, label in ((True, _("True")), (False, _("False")))
        ]
    elif qtype == QType.MATCHING:
        given = response or {}
        chosen = {pair_id: values.choice(text) for pair_id, text in given.items()}
        view["pairs"] = [(values.prompt(p["id"]), p["prompt"], chosen.get(p["id"], "")) for p in data["pairs"]]
        view["choices"] = [(values.choice(text), text) for text in item.choice_order]
    return view


def _items_for(attempt):
    items = attempt.items.select_related("version").order_by("position")
    return [_question_view(attempt, item, item.version.qtype) for item in items]


@survives_database_outage()
@never_cache
@login_required
def take(request, pk):
    attempt = close_if_expired(_own_attempt(request, pk))
    if not attempt.in_progress:
        return redirect("exams:result", pk=attempt.pk)
    questions = _items_for(attempt)
    return private(
        TemplateResponse(
            request,
            "exams/take.html",
            {
                "attempt": attempt,
                "exam": attempt.exam,
                "questions": questions,
                "answered": sum(1 for q in questions if q["response"] is not None),
                "seconds_left": attempt.seconds_left(),
                "autosave_seconds": settings.EXAM_AUTOSAVE_SECONDS,
            },
        )
    )


def answers_from_post(attempt, items, post):
    """Read the plain form (no script) into ``{position: response}`` of the same shape as the JSON."""
    answers = {}
    for item in items:
        name = f"q{item.position}"
        qtype = item.version.qtype
        if qtype == QType.MULTIPLE:
            answers[item.position] = post.getlist(name)
        elif qtype == QType.MATCHING:
            prompts = [ItemValues(attempt, item.position).prompt(p["id"]) for p in item.version.data["pairs"]]
            answers[item.position] = {prompt: post.get(f"{name}.{prompt}", "") for prompt in prompts}
        else:
            answers[item.position] = post.get(name)
    return answers


@survives_database_outage(json=True)
@require_POST
@login_required
def save(request, pk):
    """Autosave: ``{"answers": {position: response}}``. 200 means committed; the JSON says when."""
    try:
        payload = json.loads(request.body or b"{}")
        answers = payload["answers"]
        if not isinstance(answers, dict) or len(answers) > 500:
            raise ValueError
    except (ValueError, KeyError, TypeError, RecursionError):
        return JsonResponse({"error": _("The answers could not be read.")}, status=400)
    try:
        saved_at = save_answers(pk, request.user, answers)
    except ExamAttempt.DoesNotExist:
        raise Http404 from None
    except Refused as error:
        return JsonResponse({"error": str(error), "closed": True}, status=409)
    except scoring.InvalidResponse as error:
        return JsonResponse({"error": str(error), "position": error.position}, status=400)
    return JsonResponse({"saved_at": saved_at.isoformat(), "saved": sorted(int(p) for p in answers)})


@survives_database_outage()
@require_POST
@login_required
def submit(request, pk):
    attempt = _own_attempt(request, pk)
    if attempt.in_progress:
        items = list(attempt.items.select_related("version__question"))
        answers = answers_from_post(attempt, items, request.POST) if request.POST.get("with_answers") else None
        attempt = submit_attempt(attempt, answers=answers)
    return redirect("exams:result", pk=attempt.pk)


@survives_database_outage()
@never_cache
@login_required
def result(request, pk):
    attempt = close_if_expired(_own_attempt(request, pk))
    if attempt.in_progress:
        return redirect("exams:attempt", pk=attempt.pk)
    exam = attempt.exam
    sections = []
    review = []
    may_review = permissions.may_review(attempt)
    if exam.show_result or exam.show_feedback:
        items = list(attempt.items.select_related("version__question").order_by("position"))
        by_skill = {}
        for item in items:
            question = item.version.question
            entry = by_skill.setdefault(question.get_skill_display(), [0, 0])
            entry[0] += item.score or 0
            entry[1] += 1
            if may_review:
                review.append(_question_view(attempt, item, item.version.qtype))
        sections = [(skill, round(100 * got / total)) for skill, (got, total) in by_skill.items()]
    return private(
        TemplateResponse(
            request,
            "exams/result.html",
            {
                "attempt": attempt,
                "exam": exam,
                "sections": sections,
                "review": review,
                "review_later": exam.show_feedback and not may_review,
                "show_scores": exam.show_result,
            },
        )
    )


@login_required
def audio(request, pk, position):
    """A listening item's recording, for the candidate whose form holds it, while it is theirs to hear."""
    item = get_object_or_404(
        AttemptItem.objects.select_related("version", "attempt__exam"),
        attempt_id=pk,
        attempt__user=request.user,
        position=position,
    )
    attempt = item.attempt
    if not item.version.audio or not (attempt.in_progress or permissions.may_review(attempt)):
        raise Http404
    key = item.version.audio.name
    # The stored name may say what is heard ("book.wav"): the browser gets the file under a neutral
    # name, through the application rather than a presigned address that would carry the key.
    neutral = f"recording-{position}{os.path.splitext(key)[1].lower()}"
    return serve_file(
        key, content_type=mimetypes.guess_type(key)[0] or "audio/mpeg", inline=True, filename=neutral, presign=False
    )


# Staff


@never_cache
@login_required
def manage(request):
    scope = require_scope(request.user, Capability.VIEW_RESULTS)
    attempts = ExamAttempt.objects.in_scope(scope).graded()
    exams = (
        _exams_in_scope(scope, attempts)
        .annotate(
            candidates=Count("attempts", filter=Q(attempts__in=attempts)),
            average=Avg("attempts__percent", filter=Q(attempts__in=attempts)),
        )
        .select_related("centre")
        .order_by("-created_at")
    )
    proctoring = Sitting.objects.filter(proctor=request.user, ends_at__gt=timezone.now()).select_related("exam")
    return TemplateResponse(request, "exams/manage.html", {"exams": exams, "proctoring": proctoring})


def _exams_in_scope(scope, attempts):
    """Tests a viewer of results may open: with results in their scope, of their centres, or national."""
    return Exam.objects.filter(
        Q(pk__in=attempts.values("exam")) | Q(pk__in=Exam.objects.in_scope(scope)) | Q(centre__isnull=True)
    )


def _scoped_exam(request, exam_id):
    scope = require_scope(request.user, Capability.VIEW_RESULTS)
    attempts = ExamAttempt.objects.in_scope(scope).graded()
    exam = get_object_or_404(_exams_in_scope(scope, attempts), pk=exam_id)
    return exam, attempts.filter(exam=exam)


@never_cache
@login_required
def results(request, exam_id):
    exam, attempts = _scoped_exam(request, exam_id)
    attempts = attempts.select_related("user", "centre").order_by("-submitted_at", "pk")
    export = request.GET.get("format")
    if export == "csv":
        response = HttpResponse(analysis.results_csv(attempts), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="results-{exam.pk}.csv"'
        return response
    if export == "xlsx":
        response = HttpResponse(
            analysis.results_xlsx(attempts, exam.name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="results-{exam.pk}.xlsx"'
        return response
    bands = attempts.order_by().values("band").annotate(n=Count("pk")).order_by("band")
    page = Paginator(attempts, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "exams/results.html", {"exam": exam, "page": page, "bands": bands, "total": page.paginator.count}
    )


@never_cache
@login_required
def item_analysis(request, exam_id):
    exam, attempts = _scoped_exam(request, exam_id)
    stats = analysis.item_analysis(attempts)
    candidates = attempts.count()
    return TemplateResponse(
        request,
        "exams/analysis.html",
        {"exam": exam, "stats": stats, "candidates": candidates, "few": candidates < analysis.MIN_CANDIDATES},
    )


def _proctored_sitting(request, sitting_id):
    sitting = get_object_or_404(Sitting.objects.select_related("exam", "centre"), pk=sitting_id)
    if not permissions.may_proctor(sitting, request.user):
        raise PermissionDenied
    return sitting


@never_cache
@login_required
def proctor(request, sitting_id):
    sitting = _proctored_sitting(request, sitting_id)
    if request.method == "POST":
        renew_admission_code(sitting)
        messages.success(request, _("A new admission code is ready. The old one no longer admits anyone."))
        return redirect(reverse("exams:proctor", args=[sitting.pk]))
    seats = sitting.booked_seats.select_related("user").order_by("user__last_name", "user__first_name")
    attempts = ExamAttempt.objects.filter(sitting=sitting).only("user", "status")
    statuses = {a.user_id: a.get_status_display() for a in attempts}
    return TemplateResponse(
        request,
        "exams/proctor.html",
        {"sitting": sitting, "seats": [(seat, statuses.get(seat.user_id, "")) for seat in seats]},
    )
