"""A person's own notices."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from . import services
from .models import Notification


@never_cache
@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(recipient=request.user).select_related("actor"), 30).get_page(
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
