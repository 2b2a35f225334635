"""Thai first: the language is the one the person chose (cookie), otherwise Thai.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on many school computers
says English; teachers expect the platform in Thai until they switch.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .caching import private


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The language comes from a cookie, so a cached page must be keyed by it.
        patch_vary_headers(response, ("Cookie",))
        session = getattr(request, "session", None)
        if "public" in response.get("Cache-Control", "") and (response.cookies or (session and session.modified)):
            # Something personal was attached (a message, a CSRF token, a session): no shared copies.
            private(response)
        return response
