"""A teacher's own learning: courses by state, development hours, what to do next."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from lms.core.thaidate import fiscal_year
from lms.records.totals import hours_summary

from .models import Enrolment, EnrolmentStatus, HoursEntry, HoursSource
from .services import continue_url


@never_cache
@login_required
def my_learning(request):
    enrolments = list(
        Enrolment.objects.filter(user=request.user)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("course")
        .order_by("-enrolled_at", "-pk")
    )
    # The courses as their own page type, in one query: the English titles live there, and reading
    # them through each enrolment's plain Page would cost a query a row.
    courses = Page.objects.filter(pk__in={e.course_id for e in enrolments}).specific().in_bulk()
    for enrolment in enrolments:
        enrolment.course = courses.get(enrolment.course_id, enrolment.course)
    in_progress = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    this_year, total = hours_summary(request.user)
    plc_this_year, _plc_total = hours_summary(request.user, source=HoursSource.PLC)
    target = settings.PLC_HOURS_TARGET
    return TemplateResponse(
        request,
        "learning/my_learning.html",
        {
            "in_progress": in_progress,
            "waitlisted": [e for e in enrolments if e.status == EnrolmentStatus.WAITLISTED],
            "completed": [e for e in enrolments if e.status == EnrolmentStatus.COMPLETED],
            "next_step": in_progress[0] if in_progress else None,
            "next_step_url": continue_url(in_progress[0]) if in_progress else None,
            "hours_this_year": this_year,
            "hours_total": total,
            "plc_hours_this_year": plc_this_year,
            "plc_hours_target": target,
            "plc_percent": min(100, round(100 * plc_this_year / target)) if target else 100,
            "fiscal_year": fiscal_year(timezone.localdate()),
            "recent_hours": HoursEntry.objects.filter(user=request.user)[:10],
        },
    )
