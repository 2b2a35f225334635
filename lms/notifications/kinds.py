"""Every kind of notice the platform sends, in one registry.

A notice stores its kind's code and the values it names; its words come from the kind's template when it
is read, in the reader's language: the site's language on the site, the recipient's chosen language in an
e-mail. The preference page lists these kinds; ``may_turn_off`` says whether a person may stop the
e-mail of one (the notice on the site is always written), ``audience`` which capability a person needs to
ever receive it (``None``: anyone), so the page offers only the kinds that concern them.
"""

import contextlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.people.roles import Capability, capabilities


@dataclass(frozen=True)
class NoticeKind:
    code: str
    label: object
    template: object
    email: bool = True
    may_turn_off: bool = True
    audience: str | None = None
    # Sentences added only when the value they name is given, e.g. a reviewer's comment.
    details: dict = field(default_factory=dict)
    # The code of the kind whose e-mail choice this one follows.
    shares: str | None = None

    def render(self, params):
        params = {name: _in_active_language(value) for name, value in params.items()}
        text = str(self.template) % params
        extra = [str(template) % params for name, template in self.details.items() if params.get(name)]
        return " ".join([text, *extra])


KINDS = {}


def each_language(value):
    """``{language: value()}`` for every language of the site, for a value that reads differently in each
    (a person's name, a test's English name): the notice then shows the one of its reader's language."""
    result = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = str(value())
    return result


def _in_active_language(value):
    if not isinstance(value, dict):
        return value
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return value.get(language) or value.get(settings.LANGUAGE_CODE) or next(iter(value.values()), "")


def register(kind):
    KINDS[kind.code] = kind
    return kind


def get(code):
    return KINDS.get(code)


def render(code, params, *, language=None, fallback=""):
    """The words of a notice of kind ``code`` in ``language`` (the active one if ``None``).

    A notice whose kind is unknown (written before kinds existed, or by plain text) reads as stored.
    """
    kind = KINDS.get(code)
    if kind is None:
        return fallback
    with translation.override(language) if language else contextlib.nullcontext():
        try:
            return kind.render(params or {})
        except (KeyError, TypeError, ValueError):
            return fallback or gettext("You have a notice.")


def preference_code(code):
    """The kind whose e-mail choice governs ``code`` (two outcomes of one decision share one choice)."""
    kind = KINDS.get(code)
    return kind.shares if kind is not None and kind.shares else code


def offered_to(user):
    """The kinds the preference page offers ``user``: those that concern them, one per choice."""
    held = capabilities(user)
    return [
        kind
        for kind in KINDS.values()
        if not kind.shares and (kind.audience is None or kind.audience in held or user.is_superuser)
    ]


COURSE_COMPLETED = register(
    NoticeKind(
        "course_completed",
        _("Course completed"),
        _("You completed the course %(course)s. Its hours are on your record."),
    )
)
CERTIFICATE_READY = register(
    NoticeKind(
        "certificate_ready",
        _("Certificate ready"),
        _("Your certificate for %(achievement)s is ready. Open it to download the PDF or share its link."),
    )
)
CERTIFICATE_REVOKED = register(
    NoticeKind(
        "certificate_revoked",
        _("Certificate revoked"),
        _(
            "Your certificate for %(achievement)s was revoked. Reason: %(reason)s. If you think this is a "
            "mistake, contact %(issuer)s; once your record is put right a new certificate can be issued."
        ),
        may_turn_off=False,
    )
)
EXAM_RESULT = register(
    NoticeKind(
        "exam_result",
        _("Test result ready"),
        _("Your result for the test %(exam)s is ready."),
    )
)
EXAM_RECORDED = register(
    NoticeKind(
        "exam_recorded",
        _("Test answers recorded"),
        _("Your answers to the test %(exam)s are recorded. The centre that runs it keeps the result."),
        email=False,
    )
)
WAITLIST_SEAT = register(
    NoticeKind(
        "waitlist_seat",
        _("A seat from the waiting list"),
        _("A seat opened in the course %(course)s and it is yours: you are now enrolled."),
    )
)
PAGE_SUBMITTED = register(
    NoticeKind(
        "page_submitted",
        _("Submitted for approval (for approvers)"),
        _("%(name)s submitted %(page)s for approval."),
        audience=Capability.APPROVE_COURSES,
    )
)
PAGE_APPROVED = register(
    NoticeKind(
        "page_approved",
        _("Your page approved"),
        _("%(name)s approved %(page)s."),
        audience=Capability.AUTHOR_CONTENT,
        details={"comment": _("Comment: %(comment)s")},
    )
)
PAGE_REJECTED = register(
    NoticeKind(
        "page_rejected",
        _("Your page sent back for changes"),
        _("%(name)s sent %(page)s back for changes."),
        audience=Capability.AUTHOR_CONTENT,
        details={"comment": _("Comment: %(comment)s")},
    )
)
CITIZEN_ID_CHECK = register(
    NoticeKind(
        "citizen_id_check",
        _("Citizen ID to check (for records staff)"),
        _("%(name)s asked to correct their citizen ID. Check it against their papers and set it in their record."),
        audience=Capability.EDIT_PEOPLE,
    )
)
PLC_JOIN_REQUEST = register(
    NoticeKind("plc_join_request", _("Requests to join your community"), _("%(name)s asks to join %(space)s."))
)
PLC_INVITED = register(
    NoticeKind(
        "plc_invited", _("Invitations to a community"), _("You are invited to join the learning community %(space)s.")
    )
)
PLC_JOINED = register(
    NoticeKind("plc_joined", _("Your request to join a community decided"), _("You are now a member of %(space)s."))
)
PLC_DECLINED = register(
    NoticeKind(
        "plc_declined",
        _("Your request to join a community decided"),
        _("Your request to join %(space)s was declined."),
        shares="plc_joined",
    )
)
PLC_POST_HIDDEN = register(
    NoticeKind("plc_post_hidden", _("Your post hidden"), _("A moderator hid one of your posts in %(space)s."))
)
PLC_MENTION = register(NoticeKind("plc_mention", _("Mentions"), _("%(name)s mentioned you in %(space)s.")))
PLC_REPLY = register(
    NoticeKind("plc_reply", _("Replies in your discussions"), _("%(name)s replied in a discussion in %(space)s."))
)
PLC_SESSION_TO_CONFIRM = register(
    NoticeKind(
        "plc_session_to_confirm",
        _("PLC sessions to confirm"),
        _("A PLC session in %(space)s waits for your confirmation."),
    )
)
PLC_SESSION_LISTED = register(
    NoticeKind(
        "plc_session_listed",
        _("Listed as attending a PLC session"),
        _(
            "%(name)s listed you as attending a PLC session in %(space)s on %(date)s. If you were not "
            "there, tell the facilitator or the centre's staff before they confirm it."
        ),
        may_turn_off=False,
    )
)
PLC_SESSION_CONFIRMED = register(
    NoticeKind(
        "plc_session_confirmed",
        _("PLC session decided"),
        _("Your PLC session in %(space)s was confirmed; the hours are on your record."),
    )
)
PLC_SESSION_NOT_CONFIRMED = register(
    NoticeKind(
        "plc_session_not_confirmed",
        _("PLC session decided"),
        _("Your PLC session in %(space)s was not confirmed."),
        shares="plc_session_confirmed",
    )
)
