"""PLC sessions: the list of a space's sessions, logging one, and confirming or rejecting it."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.caching import private
from lms.core.errors import Refused, refused_response
from lms.people.models import User

from .. import forms
from ..models import PLCSession
from ..permissions import may_decide_session
from ..services.membership import members_of
from ..services.sessions import decide_session, log_session
from .access import Viewer, moderator_reason, post_only


def sessions(request, space):
    access = Viewer(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_read:
        messages.info(request, _("Join the community to see and log its sessions."))
        return redirect(space.url)
    members = members_of(space).order_by("first_name")
    form = None
    status = 200
    if access.is_member:
        if request.method == "POST":
            form = forms.SessionForm(request.POST, members=members)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    _session, created = log_session(
                        space,
                        request.user,
                        date=data["date"],
                        start_time=data["start_time"],
                        hours=data["hours"],
                        activity=data["activity"],
                        stage=data["stage"],
                        attendees=list(data["attendees"]),
                        submission_key=data["submission_key"],
                    )
                except Refused as refused:
                    form.add_error(None, str(refused))
                    status = 400
                else:
                    if created:
                        messages.success(request, _("The session is logged and waits for confirmation."))
                    return redirect(space.url + "sessions/")
            else:
                status = 400
        else:
            form = forms.SessionForm(
                members=members,
                initial={"submission_key": uuid.uuid4(), "date": timezone.localdate(), "attendees": [request.user.pk]},
            )
    elif request.method == "POST":
        raise PermissionDenied
    # Through the space's own manager, each session's ``space`` is this page: no query per session.
    all_sessions = space.sessions.select_related("logged_by", "decided_by").prefetch_related(
        Prefetch("attendees", queryset=User.objects.order_by("first_name"))
    )
    page = Paginator(all_sessions, 30).get_page(request.GET.get("page"))
    for session in page:
        session.can_confirm = may_decide_session(request.user, session)
    context = {
        "page": space,
        "self": space,
        "access": access,
        "form": form,
        "sessions": page,
        "session_day_max": settings.SESSION_HOURS_PER_DAY_MAX,
    }
    return private(TemplateResponse(request, "plc/sessions.html", context, status=status))


def session_action(request, space, pk, action):
    _access, response = post_only(request, space)
    if response is not None:
        return response
    session = PLCSession.objects.filter(space=space, pk=pk).first()
    if session is None:
        raise Http404
    try:
        decide_session(session, request.user, confirm=action == "confirm", note=moderator_reason(request))
    except Refused as refused:
        return refused_response(request, refused, space.url + "sessions/")
    if action == "confirm":
        messages.success(request, _("The session is confirmed; each attendee's hours are on their record."))
    else:
        messages.info(request, _("The session was not confirmed; the people who attended are told."))
    return redirect(space.url + "sessions/")
