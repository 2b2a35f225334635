"""Who may do what in a community: see a space (and which ones), moderate it, edit a post, decide a session.

Services check these before they change anything; views check them before they show a page or a link.
"""

from django.db.models import Q

from lms.org.models import Centre
from lms.people.roles import Capability, scope_for

from .choices import Access, MembershipStatus
from .models import Membership


def may_moderate(user, space):
    """The facilitator, and centre staff (managers, staff, OBEC) whose scope covers the space's centre."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or user.pk == space.facilitator_id
        or scope_for(user, Capability.MODERATE_PLC).covers_centre(space.centre)
    )


def may_see_space(user, space, membership=None):
    """Open and by-request spaces show their description to everyone; closed ones only to their people."""
    if space.access != Access.CLOSED:
        return True
    if membership is not None and membership.status in (MembershipStatus.MEMBER, MembershipStatus.INVITED):
        return True
    return may_moderate(user, space)


def visible_spaces(user, spaces):
    """``spaces`` (a PLCSpacePage queryset) less the closed ones ``user`` may not see."""
    if user.is_authenticated and user.is_superuser:
        return spaces
    visible = ~Q(access=Access.CLOSED)
    if user.is_authenticated:
        mine = Membership.objects.filter(
            user=user, status__in=[MembershipStatus.MEMBER, MembershipStatus.INVITED]
        ).values("space_id")
        centres = scope_for(user, Capability.MODERATE_PLC)
        visible |= Q(pk__in=mine) | Q(facilitator=user) | Q(centre__in=Centre.objects.in_scope(centres))
    return spaces.filter(visible)


def may_edit(user, post):
    return user.pk == post.author_id and not post.deleted_at and not post.hidden_at and post.in_edit_window()


def may_decide_session(user, session):
    """The facilitator or centre staff, and never someone who attended or logged the session.

    The attendees are read through ``session.attendees.all()``, so a page listing many sessions asks
    nothing more when it prefetched them.
    """
    return (
        may_moderate(user, session.space)
        and user.pk != session.logged_by_id
        and all(person.pk != user.pk for person in session.attendees.all())
    )
