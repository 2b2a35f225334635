"""A person's own profile, and the people directory that staff see within their scope."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lms.core import counters
from lms.org.models import Centre, School
from lms.org.scope import Scope

from . import citizen_id, services
from .forms import PersonForm, TeacherProfileForm
from .models import User
from .permissions import may_edit_person, may_see_citizen_id
from .roles import Capability, get_in_scope_or_404, scope_for

PAGE_SIZE = 50


def _person_queryset():
    return User.objects.select_related("profile__school__province").prefetch_related(
        "role_assignments__centre", "role_assignments__province"
    )


@never_cache
@login_required
def profile(request):
    person = get_object_or_404(_person_queryset(), pk=request.user.pk)
    return render(
        request,
        "people/profile.html",
        {"person": person, "profile": services.get_profile(person), "show_full_id": True, "can_edit": True},
    )


def _edit(request, person, template, success_url):
    profile = services.get_profile(person)
    self_service = person.pk == request.user.pk
    # A teacher may name any school as their own; staff may move people only among schools they manage.
    schools = None if self_service else School.objects.in_scope(scope_for(request.user, Capability.EDIT_PEOPLE))
    status = 200
    if request.method == "POST":
        person_form = PersonForm(request.POST, instance=person, prefix="person", self_service=self_service)
        profile_form = TeacherProfileForm(request.POST, instance=profile, prefix="profile", schools=schools)
        # Only one's own profile: staff keeping many records are scoped and logged instead.
        if self_service and counters.count(f"people:profile-save:{person.pk}", 3600) > settings.PROFILE_SAVES_PER_HOUR:
            messages.error(request, _("You have saved details many times this hour. Wait a while and try again."))
            status = 429
        elif person_form.is_valid() and profile_form.is_valid():
            services.update_person(person, person_form, profile_form, changed_by=request.user)
            messages.success(request, _("Saved."))
            _request_set_aside_changes(request, person, person_form)
            return redirect(success_url)
        else:
            messages.error(request, _("Nothing was saved: please correct the fields marked below."))
    else:
        person_form = PersonForm(instance=person, prefix="person", self_service=self_service)
        profile_form = TeacherProfileForm(instance=profile, prefix="profile", schools=schools)
    context = {"person": person, "person_form": person_form, "profile_form": profile_form, "profile": profile}
    return render(request, template, context, status=status)


def _request_set_aside_changes(request, person, person_form):
    """Start what the form set aside; the messages read the same whether or not another account has the value."""
    if person_form.requested_email:
        services.request_email_change(
            person,
            person_form.requested_email,
            site_url=request.build_absolute_uri("/"),
            language=get_language() or settings.LANGUAGE_CODE,
        )
        messages.info(
            request,
            _("We sent a link to %(email)s. The address changes when it is opened there.")
            % {"email": person_form.requested_email},
        )
    if person_form.requested_citizen_id:
        services.request_citizen_id_check(person, person_form.requested_citizen_id)
        messages.info(request, _("Your centre's staff will check the new citizen ID and then update your record."))


@never_cache
@login_required
def profile_edit(request):
    return _edit(request, request.user, "people/profile_edit.html", reverse("people:profile"))


@never_cache
@login_required
def directory(request):
    scope = scope_for(request.user, Capability.VIEW_PEOPLE)
    if scope.is_empty:
        raise PermissionDenied
    people = _person_queryset().in_scope(scope).order_by("first_name", "last_name", "pk")
    centres = Centre.objects.in_scope(scope).select_related("province")
    # The people whose full citizen ID this viewer may see (PDPA): for the ID search and the listing.
    id_people = User.objects.in_scope(scope_for(request.user, Capability.VIEW_CITIZEN_ID))
    query = request.GET.get("q", "").strip()
    if query:
        match = (
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(first_name_en__icontains=query)
            | Q(last_name_en__icontains=query)
            | Q(username__icontains=query)
            | Q(email__icontains=query)
        )
        digits = citizen_id.looks_like(query)
        if digits:
            # Only among people whose full ID the viewer may see: otherwise a search would confirm
            # whose ID it is to someone who sees it masked.
            match |= Q(citizen_id=digits, pk__in=id_people.values("pk"))
        people = people.filter(match)
    centre_id = request.GET.get("centre", "")
    selected_centre = centres.filter(pk=centre_id).first() if centre_id.isdigit() else None
    if selected_centre:
        people = people.in_scope(Scope(centre_ids=frozenset({selected_centre.pk})))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    full_id_ids = set(id_people.filter(pk__in=[p.pk for p in page]).values_list("pk", flat=True))
    return render(
        request,
        "people/directory.html",
        {
            "page": page,
            "query": query,
            "centres": centres,
            "selected_centre": selected_centre,
            "full_id_ids": full_id_ids,
        },
    )


def _visible_person(request, pk):
    """The person ``pk`` if the viewer may see them; 404 otherwise, so existence does not leak."""
    if pk == request.user.pk:
        return get_object_or_404(_person_queryset(), pk=pk)
    return get_in_scope_or_404(_person_queryset(), scope_for(request.user, Capability.VIEW_PEOPLE), pk=pk)


@never_cache
@login_required
def person_detail(request, pk):
    person = _visible_person(request, pk)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "profile": getattr(person, "profile", None),
            "show_full_id": may_see_citizen_id(request.user, person),
            "can_edit": may_edit_person(request.user, person),
        },
    )


@never_cache
@login_required
def person_edit(request, pk):
    person = _visible_person(request, pk)
    if not may_edit_person(request.user, person):
        raise PermissionDenied
    return _edit(request, person, "people/person_edit.html", reverse("people:detail", args=[pk]))
