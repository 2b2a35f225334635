from django import template

from lms.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return unread_count(request.user)
