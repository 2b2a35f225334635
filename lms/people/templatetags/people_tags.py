"""Template helpers for menus: whether the signed-in person has a capability somewhere."""

from django import template

from lms.people.roles import has_capability

register = template.Library()


@register.simple_tag(takes_context=True)
def has_cap(context, capability):
    """``{% has_cap "view_people" as show %}``: for showing a link; the view checks again."""
    request = context.get("request")
    return bool(request and has_capability(request.user, capability))
