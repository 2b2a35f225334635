"""Who may do what with the organisation's records: the admin's policy for each model, and imports."""

from lms.people import policies
from lms.people.roles import Capability, scope_for

from .models import Centre, Province, School, ServiceArea


def may_import(user):
    """Imports write records anywhere in the country, so they are for national scope only."""
    return scope_for(user, Capability.MANAGE_ORG).national


def register_permission_policies():
    for model in (Province, ServiceArea, School, Centre):
        policies.register_capability_scope(model, Capability.MANAGE_ORG)
