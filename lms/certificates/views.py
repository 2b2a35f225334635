"""Public verification, a teacher's own certificates, and staff revoking them.

``/verify/<code>/`` needs no login and shows the least personal data that makes a check possible: the
name, the achievement, the date, the issuer and the status; never the citizen ID. It is rate-limited per
address, and an unknown code is a plain "not found".
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.people.models import User
from lms.people.roles import Capability, require_scope, scope_for

from . import codes, services, signing
from .models import Certificate, PdfStatus


def _too_many(request):
    """Count this address's look-ups in the current minute; True past the limit."""
    key = f"certificates:verify:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > settings.CERTIFICATE_VERIFY_PER_MINUTE


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
    return JsonResponse(
        {
            "status": certificate.status(),
            "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
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
    response = JsonResponse({"algorithm": "Ed25519", "keys": signing.public_keys()})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@never_cache
@login_required
def my_certificates(request):
    mine = Certificate.objects.filter(user=request.user).select_related("centre")
    return TemplateResponse(request, "certificates/mine.html", {"certificates": mine})


def _may_read(user, certificate):
    if certificate.user_id == user.pk:
        return True
    scope = scope_for(user, Capability.VIEW_PEOPLE)
    return not scope.is_empty and User.objects.in_scope(scope).filter(pk=certificate.user_id).exists()


@never_cache
@login_required
def download(request, code):
    certificate = get_object_or_404(Certificate, code=codes.normalise(code) or "")
    if not _may_read(request.user, certificate):
        raise Http404
    services.request_pdf(certificate)
    if certificate.pdf_status != PdfStatus.READY:
        return TemplateResponse(request, "certificates/preparing.html", {"certificate": certificate})
    from media.storage import STORAGE_ERRORS, serve_stored

    try:
        return serve_stored(
            certificate.pdf.name,
            content_type="application/pdf",
            inline=False,
            filename=f"certificate-{certificate.code}.pdf",
        )
    except FileNotFoundError:
        services.mark_pdf(certificate, PdfStatus.FAILED)
        services.request_pdf(certificate)
        return TemplateResponse(request, "certificates/preparing.html", {"certificate": certificate})
    except STORAGE_ERRORS:
        return HttpResponse(_("The file cannot be loaded right now. Try again in a moment."), status=503)


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
    return TemplateResponse(request, "certificates/manage.html", {"page": page, "q": query})


@require_POST
@login_required
def revoke(request, code):
    scope = require_scope(request.user, Capability.MANAGE_CERTIFICATES)
    certificate = get_object_or_404(Certificate.objects.in_scope(scope), code=codes.normalise(code) or "")
    try:
        services.revoke(certificate, by=request.user, reason=request.POST.get("reason", ""))
    except services.CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Certificate %(code)s is revoked.") % {"code": certificate.code})
    return redirect(f"{reverse('certificates:manage')}?q={certificate.code}")
