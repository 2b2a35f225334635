"""Which records of a model a person may see and change in the admin: one policy per model.

Each app registers its models' policies in its ``permissions.register_permission_policies()``, which
``PlatformAppConfig.ready()`` calls (as Wagtail's permission policies give each model its own rule);
the scoped admin viewsets ask :func:`scoped_queryset`. A model nobody
registered is refused with ``ImproperlyConfigured``: it never borrows another capability's scope.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from .roles import scope_for


@dataclass(frozen=True)
class Policy:
    # Each takes the user and gives the queryset of records they may see (view) or change (edit).
    view: Callable
    edit: Callable


_policies = {}


def register(model, *, view, edit):
    """Give ``model`` its rule: ``view(user)`` and ``edit(user)`` return the records allowed."""
    _policies[model] = Policy(view=view, edit=edit)


def register_capability_scope(model, capability):
    """See and change the records in the organisation scope where the user holds ``capability``."""

    def in_scope(user):
        return model.objects.in_scope(scope_for(user, capability))

    register(model, view=in_scope, edit=in_scope)


def register_queryset_rules(model):
    """The model's own rules: its queryset's ``visible_to(user)`` and ``editable_by(user)``."""
    register(model, view=lambda user: model.objects.visible_to(user), edit=lambda user: model.objects.editable_by(user))


def policy_for(model):
    try:
        return _policies[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no permission policy: register one in its app's "
            "permissions.register_permission_policies()."
        ) from None


def scoped_queryset(model, user, action="view"):
    """The records of ``model`` that ``user`` may see (``action="view"``) or change (``"edit"``)."""
    policy = policy_for(model)
    return (policy.edit if action == "edit" else policy.view)(user)
