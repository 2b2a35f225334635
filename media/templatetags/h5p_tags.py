"""``{% h5p_player content as player %}``: the player address and result prepared by the lesson view."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_player(context, content):
    players = context.get("h5p_players") or {}
    return players.get(getattr(content, "pk", None))
