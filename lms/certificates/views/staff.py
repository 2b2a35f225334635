"""Staff pages: the certificates they keep (search, revoke) and a person's evidence of development.

The evidence page is also every teacher's own report; staff open a teacher's in their scope.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.core.errors import Refused
from lms.org.models import Centre
from lms.people.models import User
from lms.people.roles import Capability, get_in_scope_or_404, require_scope
from lms.people.services import get_profile
from lms.records import totals
from lms.records.transcript import transcript

from .. import codes, pdf, services
from ..models import Certificate

logger = logging.getLogger(__name__)


@never_cache
@login_required
def manage(request):
    scope = require_scope(request.user, Capability.MANAGE_CERTIFICATES)
    certificates = Certificate.objects.in_scope(scope).select_related("centre", "user")
    query = request.GET.get("q", "").strip()
    if query:
        code = codes.normalise(query)
        certificates = certificates.filter(
            Q(code=code) if code else Q(recipient_name__icontains=query) | Q(achievement__icontains=query)
        )
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    achievements = (
        Certificate.objects.in_scope(scope)
        .filter(revoked_at__isnull=True)
        .values("achievement")
        .annotate(n=Count("pk"))
        .order_by("achievement")
    )
    return TemplateResponse(
        request,
        "certificates/manage.html",
        {"page": page, "q": query, "achievements": achievements, "centres": Centre.objects.in_scope(scope)},
    )


@require_POST
@login_required
def revoke(request, code):
    scope = require_scope(request.user, Capability.MANAGE_CERTIFICATES)
    certificate = get_in_scope_or_404(Certificate.objects, scope, code=codes.normalise(code) or "")
    try:
        services.revoke(certificate, by=request.user, reason=request.POST.get("reason", ""))
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Certificate %(code)s is revoked.") % {"code": certificate.code})
    return redirect(f"{reverse('certificates:manage')}?q={certificate.code}")


def _evidence_subject(request, user_id):
    """The person whose evidence is shown: oneself, or a teacher in the viewer's scope."""
    if user_id is None or user_id == request.user.pk:
        return request.user
    scope = require_scope(request.user, Capability.VIEW_PEOPLE)
    return get_in_scope_or_404(User.objects, scope, pk=user_id)


@never_cache
@login_required
def evidence(request, user_id=None):
    person = _evidence_subject(request, user_id)
    try:
        years = min(10, max(1, int(request.GET.get("years", 5))))
    except ValueError:
        years = 5
    context = {
        "person": person,
        "transcript": transcript(person),
        "licence": totals.licence_renewal(person, get_profile(person)),
        "per_year": totals.hours_per_fiscal_year(person, years),
        "years": years,
        "own": person.pk == request.user.pk,
        "plc_target": settings.PLC_HOURS_TARGET,
        "today": timezone.localdate(),
    }
    if request.GET.get("format") == "pdf":
        html = render_to_string("certificates/evidence_pdf.html", {**context, "font_dir": pdf.FONT_DIR.as_uri()})
        try:
            content = pdf.write_pdf(html)
        except Exception:
            logger.exception("evidence PDF of user %s not rendered", person.pk)
            messages.error(
                request, _("The PDF could not be made just now. The report below is complete; try again later.")
            )
            return TemplateResponse(request, "certificates/evidence.html", context, status=503)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="transcript-{person.username}.pdf"'
        return response
    return TemplateResponse(request, "certificates/evidence.html", context)
