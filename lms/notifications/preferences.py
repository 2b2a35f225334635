"""Who has which kind of notice by e-mail: each kind's default, unless the person chose otherwise and
the kind lets them."""

from django.db import transaction

from . import kinds
from .models import EmailPreference


def wants_email(people, code):
    """``{person id: True/False}``: whether each of ``people`` has notices of kind ``code`` by e-mail."""
    kind = kinds.get(kinds.preference_code(code))
    default = kind.email if kind is not None else True
    ids = [person.pk for person in people]
    if kind is None or not kind.may_turn_off:
        return dict.fromkeys(ids, default)
    chosen = dict(EmailPreference.objects.filter(user_id__in=ids, kind=kind.code).values_list("user_id", "email"))
    return {pk: chosen.get(pk, default) for pk in ids}


def email_choices(user):
    """``[(kind, by e-mail)]`` for the kinds offered to ``user``."""
    offered = kinds.offered_to(user)
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    return [(kind, chosen.get(kind.code, kind.email) if kind.may_turn_off else kind.email) for kind in offered]


@transaction.atomic
def set_email_choices(user, choices):
    """Save ``user``'s e-mail choices, ``{kind code: bool}``; kinds they may not turn off are left alone.
    Returns the codes whose choice changed."""
    changed = []
    for kind, current in email_choices(user):
        if not kind.may_turn_off or kind.code not in choices:
            continue
        wanted = bool(choices[kind.code])
        if wanted != current:
            changed.append(kind.code)
        EmailPreference.objects.update_or_create(user=user, kind=kind.code, defaults={"email": wanted})
    return changed
