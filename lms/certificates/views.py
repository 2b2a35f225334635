"""Public verification, a teacher's own certificates, and staff revoking them.

``/verify/<code>/`` needs no login and shows the least personal data that makes a check possible: the
name, the achievement, the date, the issuer and the status; never the citizen ID. It is rate-limited per
address, and an unknown code is a plain "not found".
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.core import counters
from lms.core.caching import public_for
from lms.core.clients import client_address
from lms.core.errors import Refused
from lms.core.storage import file_unavailable, serve_file
from lms.people.models import User
from lms.people.roles import Capability, require_scope, scope_for

from . import codes, services, signing
from .models import Certificate, PdfStatus

logger = logging.getLogger(__name__)


def _too_many(request):
    """Count this address's look-ups in the current minute; True past the limit."""
    address = client_address(request, settings.CERTIFICATE_CLIENT_IP_HEADER)
    return counters.count(f"certificates:verify:{address[:64]}", 60) > settings.CERTIFICATE_VERIFY_PER_MINUTE


def _limited(view):
    def wrapped(request, *args, **kwargs):
        if _too_many(request):
            response = HttpResponse(_("Too many look-ups from your address. Wait a minute and try again."), status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@_limited
def verify_form(request):
    typed = request.GET.get("code", "")
    if typed:
        code = codes.normalise(typed)
        if code:
            return redirect("certificates:verify", code=code)
        messages.error(
            request, _("A verification code has 20 letters and digits, for example 7KQ2M-9XG4T-B3NDP-W8RZC.")
        )
    return TemplateResponse(request, "certificates/verify_form.html", {"typed": typed})


def _lookup(code):
    certificate = services.find(code)
    if certificate is None:
        raise Http404(_("No certificate has this code."))
    return certificate


@never_cache
@_limited
def verify(request, code):
    try:
        certificate = _lookup(code)
    except Http404:
        return TemplateResponse(request, "certificates/not_found.html", {"code": code}, status=404)
    return TemplateResponse(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "status": certificate.status(),
            "authentic": services.is_authentic(certificate),
            "content": certificate.content(),
        },
    )


@never_cache
@_limited
def verify_json(request, code):
    certificate = services.find(code)
    if certificate is None:
        return JsonResponse({"status": "not_found"}, status=404)
    authentic = services.is_authentic(certificate)
    return JsonResponse(
        {
            "status": certificate.status() if authentic else "invalid",
            "revoked_on": timezone.localdate(certificate.revoked_at).isoformat() if certificate.revoked_at else None,
            "certificate": certificate.content(),
            "signature": {
                "algorithm": "Ed25519",
                "key_id": certificate.key_id,
                "public_key": signing.public_keys().get(certificate.key_id),
                "value": certificate.signature,
                "signed_bytes": "UTF-8 JSON of `certificate`, keys sorted, separators ',' and ':', no spaces",
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


def public_keys(request):
    return public_for(JsonResponse({"algorithm": "Ed25519", "keys": signing.public_keys()}), 3600)


@never_cache
@login_required
def my_certificates(request):
    mine = Certificate.objects.filter(user=request.user).select_related("centre")
    return TemplateResponse(request, "certificates/mine.html", {"certificates": mine})


def _may_read(user, certificate):
    """The holder, and the staff who keep certificates where it was issued."""
    if certificate.user_id == user.pk:
        return True
    scope = scope_for(user, Capability.MANAGE_CERTIFICATES)
    return not scope.is_empty and Certificate.objects.in_scope(scope).filter(pk=certificate.pk).exists()


@never_cache
@login_required
def download(request, code):
    certificate = get_object_or_404(Certificate, code=codes.normalise(code) or "")
    if not _may_read(request.user, certificate):
        raise Http404
    if certificate.is_revoked:
        return HttpResponse(_("This certificate has been revoked, so it can no longer be downloaded."), status=410)
    services.request_pdf(certificate)
    if certificate.pdf_status != PdfStatus.READY:
        return TemplateResponse(request, "certificates/preparing.html", {"certificate": certificate})

    def prepare_again():
        services.mark_pdf(certificate, PdfStatus.FAILED)
        services.request_pdf(certificate)
        return TemplateResponse(request, "certificates/preparing.html", {"certificate": certificate})

    return serve_file(
        certificate.pdf.name,
        content_type="application/pdf",
        inline=False,
        filename=f"certificate-{certificate.code}.pdf",
        missing=prepare_again,
    )


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
    from lms.org.models import Centre

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
    certificate = get_object_or_404(Certificate.objects.in_scope(scope), code=codes.normalise(code) or "")
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
    return get_object_or_404(User.objects.in_scope(scope), pk=user_id)


@never_cache
@login_required
def evidence(request, user_id=None):
    from lms.people.services import get_profile

    from . import evidence as reports

    person = _evidence_subject(request, user_id)
    try:
        years = min(10, max(1, int(request.GET.get("years", 5))))
    except ValueError:
        years = 5
    context = {
        "person": person,
        "transcript": reports.transcript(person),
        "licence": reports.licence_renewal(person, get_profile(person)),
        "per_year": reports.hours_per_fiscal_year(person, years),
        "years": years,
        "own": person.pk == request.user.pk,
        "plc_target": settings.PLC_HOURS_TARGET,
        "today": timezone.localdate(),
    }
    if request.GET.get("format") == "pdf":
        from .pdf import FONT_DIR, write_pdf

        html = render_to_string("certificates/evidence_pdf.html", {**context, "font_dir": FONT_DIR.as_uri()})
        try:
            content = write_pdf(html)
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


@require_POST
@login_required
def request_bundle(request):
    from lms.org.models import Centre

    from .models import CertificateBundle
    from .tasks import build_certificate_bundle

    scope = require_scope(request.user, Capability.MANAGE_CERTIFICATES)
    centre_id, achievement = request.POST.get("centre", ""), request.POST.get("achievement", "").strip()
    centre = Centre.objects.in_scope(scope).filter(
        pk=int(centre_id) if centre_id.isascii() and centre_id.isdigit() else 0
    )
    if not centre.exists() or not achievement:
        messages.error(request, _("Choose a centre and a course or test."))
        return redirect("certificates:manage")
    bundle = CertificateBundle.objects.create(requested_by=request.user, centre=centre.get(), achievement=achievement)
    transaction.on_commit(lambda: build_certificate_bundle.delay(bundle.pk))
    return redirect("certificates:bundle", pk=bundle.pk)


@never_cache
@login_required
def bundle(request, pk):
    from .models import CertificateBundle

    scope = require_scope(request.user, Capability.MANAGE_CERTIFICATES)
    bundle = get_object_or_404(CertificateBundle, pk=pk, requested_by=request.user)
    if not scope.covers_centre(bundle.centre):
        raise Http404
    if bundle.status == PdfStatus.READY and request.GET.get("download"):
        return serve_file(
            bundle.file.name,
            content_type="application/zip",
            inline=False,
            filename=f"certificates-{bundle.pk}.zip",
            missing=file_unavailable,
        )
    return TemplateResponse(request, "certificates/bundle.html", {"bundle": bundle})
