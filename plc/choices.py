"""The fixed vocabularies of a PLC: who may join, the cycle stages, and the states of members and sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Access(models.TextChoices):
    OPEN = "open", _("Open: any teacher may join")
    REQUEST = "request", _("By request: the facilitator approves")
    CLOSED = "closed", _("Closed: by invitation only")


class Stage(models.TextChoices):
    """The PLC cycle."""

    IDENTIFY = "identify", _("Identify the problem")
    PLAN = "plan", pgettext_lazy("PLC cycle stage", "Plan")
    TEACH = "teach", _("Teach and observe")
    REFLECT = "reflect", pgettext_lazy("PLC cycle stage", "Reflect")
    SHARE = "share", pgettext_lazy("PLC cycle stage", "Share")


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    REQUESTED = "requested", _("Asked to join")
    INVITED = "invited", _("Invited")
    DECLINED = "declined", _("Declined")
    REMOVED = "removed", _("Removed")
    LEFT = "left", _("Left")


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("Hid a post")
    UNHIDE = "unhide", _("Showed a hidden post again")
    LOCK = "lock", _("Locked a thread")
    UNLOCK = "unlock", _("Unlocked a thread")
    REMOVE_MEMBER = "remove", _("Removed a member")
    APPROVE_MEMBER = "approve", _("Accepted a request to join")
    DECLINE_MEMBER = "decline", _("Declined a request to join")
    INVITE = "invite", _("Invited a person")


class SessionStatus(models.TextChoices):
    LOGGED = "logged", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")
