"""Who may keep a copy of a response: the one place that writes ``Cache-Control``."""

PUBLIC_MAX_AGE = 300
PRIVATE = "private, no-cache"


def private(response):
    """Personal pages: only the reader's browser keeps them, and asks again before reuse."""
    response["Cache-Control"] = PRIVATE
    return response


def never_store(response):
    """Answers that are stale the moment they are read (progress, a 503): nobody keeps them."""
    response["Cache-Control"] = "no-store"
    return response


def private_for(response, seconds):
    """A file one reader was authorised for: their browser may reuse it for a while."""
    response["Cache-Control"] = f"private, max-age={seconds}"
    return response


def public_for(response, seconds):
    """The same for everyone and changing rarely (public keys): any cache may keep it."""
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def mark_public_if_anonymous(request, response):
    """Anonymous readers of one language all get the same page: let shared caches keep it.

    The language is a cookie, and the middleware adds ``Vary: Cookie``, so an English copy is never
    served to a Thai reader. Signed-in pages stay private.
    """
    if request.user.is_authenticated:
        return private(response)
    # lms.core.middleware takes "public" back if the response ends up setting a cookie.
    return public_for(response, PUBLIC_MAX_AGE)
