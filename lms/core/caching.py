"""Who may keep a copy of a page: the one place that writes ``Cache-Control`` for the site's pages."""

PUBLIC_MAX_AGE = 300
PRIVATE = "private, no-cache"


def private(response):
    """Personal pages: only the reader's browser keeps them, and asks again before reuse."""
    response["Cache-Control"] = PRIVATE
    return response


def mark_public_if_anonymous(request, response):
    """Anonymous readers of one language all get the same page: let shared caches keep it.

    The language is a cookie, and the middleware adds ``Vary: Cookie``, so an English copy is never
    served to a Thai reader. Signed-in pages stay private.
    """
    if request.user.is_authenticated:
        return private(response)
    # lms.core.middleware takes "public" back if the response ends up setting a cookie.
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response
