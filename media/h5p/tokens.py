"""Signed, short-lived tokens that let a sandboxed H5P player fetch its files and report results.

The player runs in an iframe without ``allow-same-origin``: it cannot read the platform's cookies, so
it cannot use the session either. The lesson page, which knows who is signed in and may play what,
hands the frame a token naming the user, the content and the lesson; every request of the frame
carries it in its path.
"""

from django.conf import settings
from django.core import signing

SALT = "media.h5p.play"


def play_token(user, content, lesson_id):
    return signing.dumps({"u": user.pk, "c": content.pk, "l": lesson_id}, salt=SALT)


def read_play_token(token):
    """``(user_id, content_id, lesson_id)``; raises ``signing.BadSignature`` (or its ``SignatureExpired``)."""
    data = signing.loads(token, salt=SALT, max_age=settings.H5P_PLAY_TOKEN_SECONDS)
    return data["u"], data["c"], data["l"]
