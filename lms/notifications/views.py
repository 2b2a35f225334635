"""A person's own notices and their choice of which come by e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import preferences, services
from .models import Notification


@never_cache
@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(request, "notifications/list.html", {"notices": page})


@login_required
def open_notification(request, pk):
    """Mark one notice read and go where it points (only ever a path on this site)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, [notice.pk])
    safe = url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) and notice.url.startswith("/")
    return redirect(notice.url if safe else "notifications:list")


@login_required
def mark_all_read(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.mark_read(request.user)
    return redirect("notifications:list")


@never_cache
@login_required
def email_preferences(request):
    """Which kinds of notice come by e-mail to the person signed in (only ever their own choices)."""
    errors = []
    if request.method == "POST":
        offered = {kind.code for kind, _wanted in preferences.email_choices(request.user)}
        unknown = [code for code in request.POST.getlist("shown") if code not in offered]
        if unknown:
            # A form from before the list changed, or typed by hand: nothing is saved half-way.
            errors.append(_("This form is out of date; nothing was saved. Check the choices below and save again."))
        else:
            shown = set(request.POST.getlist("shown"))
            chosen = set(request.POST.getlist("email"))
            preferences.set_email_choices(request.user, {code: code in chosen for code in shown})
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notifications:preferences")
    return TemplateResponse(
        request,
        "notifications/preferences.html",
        {
            "choices": preferences.email_choices(request.user),
            "errors": errors,
            "has_email": bool(request.user.email),
        },
        status=400 if errors else 200,
    )
