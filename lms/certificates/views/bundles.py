"""Staff's ZIP bundles of a centre's certificates for one achievement: asking for one, watching it, and
downloading it. The bundle is a background job (``lms.core.jobs``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.core.storage import file_unavailable, serve_file
from lms.org.models import Centre
from lms.people.roles import Capability, require_scope

from ..models import CertificateBundle
from ..permissions import may_open_bundle


@require_POST
@login_required
def request_bundle(request):
    scope = require_scope(request.user, Capability.MANAGE_CERTIFICATES)
    centre_id, achievement = request.POST.get("centre", ""), request.POST.get("achievement", "").strip()
    centre = Centre.objects.in_scope(scope).filter(
        pk=int(centre_id) if centre_id.isascii() and centre_id.isdigit() else 0
    )
    if not centre.exists() or not achievement:
        messages.error(request, _("Choose a centre and a course or test."))
        return redirect("certificates:manage")
    bundle = CertificateBundle.objects.create(created_by=request.user, centre=centre.get(), achievement=achievement)
    bundle.start()
    return redirect("certificates:bundle", pk=bundle.pk)


@never_cache
@login_required
def bundle(request, pk):
    require_scope(request.user, Capability.MANAGE_CERTIFICATES)
    bundle = get_object_or_404(CertificateBundle, pk=pk)
    if not may_open_bundle(request.user, bundle):
        raise Http404
    if bundle.status == CertificateBundle.Status.DONE and request.GET.get("download"):
        return serve_file(
            bundle.file.name,
            content_type="application/zip",
            inline=False,
            filename=f"certificates-{bundle.pk}.zip",
            missing=file_unavailable,
        )
    return TemplateResponse(request, "certificates/bundle.html", {"bundle": bundle})
