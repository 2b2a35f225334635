"""Public verification: a page, its JSON, and the public keys that let anyone check a signature.

``/verify/<code>/`` needs no login and shows the least personal data that makes a check possible: the
name, the achievement, the date, the issuer and the status; never the citizen ID. It is rate-limited per
address, and an unknown code is a plain "not found".
"""

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lms.core import counters
from lms.core.caching import public_for
from lms.core.clients import client_address
from lms.core.errors import error_page

from .. import codes, services, signing


def _too_many(request):
    """Count this address's look-ups in the current minute; True past the limit."""
    address = client_address(request, settings.CERTIFICATE_CLIENT_IP_HEADER)
    return counters.count(f"certificates:verify:{address[:64]}", 60) > settings.CERTIFICATE_VERIFY_PER_MINUTE


def _limited(view):
    def wrapped(request, *args, **kwargs):
        if _too_many(request):
            message = _("Too many look-ups from your address. Wait a minute and try again.")
            return error_page(request, 429, message, retry_after=60)
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


@never_cache
@_limited
def verify(request, code):
    certificate = services.find(code)
    if certificate is None:
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
