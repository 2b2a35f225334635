"""Published PLC pages set themselves up: an index lets centre authors add spaces under it, and a
space's facilitator is always one of its members."""

from wagtail.signals import page_published

from lms.people.page_permissions import grant_section_permissions

from .models import PLCIndexPage, PLCSpacePage
from .services.membership import ensure_facilitator


def index_published(sender, instance, **kwargs):
    grant_section_permissions(instance)


def facilitator_joins(sender, instance, **kwargs):
    ensure_facilitator(instance)


def register_signal_handlers():
    page_published.connect(index_published, sender=PLCIndexPage, dispatch_uid="plc_index_published")
    page_published.connect(facilitator_joins, sender=PLCSpacePage, dispatch_uid="plc_facilitator_joins")
