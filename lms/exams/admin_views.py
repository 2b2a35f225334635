"""Wagtail-admin views of the Testing Center: importing a file of questions and exporting a category."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from lms.org.models import Centre
from lms.people.roles import Capability, scope_for

from .forms import ImportForm
from .models import QuestionCategory, QuestionImport
from .permissions import may_import
from .services.bank import category_named, export_category


def import_questions(request):
    if not may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        category = form.cleaned_data["category"]
        if category is None:
            scope = scope_for(request.user, Capability.MANAGE_TESTS)
            centre = None if scope.national else Centre.objects.in_scope(scope).order_by("pk").first()
            category = category_named(
                form.cleaned_data["new_category"], centre=centre, subject=form.cleaned_data["subject"] or None
            )
        with transaction.atomic():
            job = QuestionImport.objects.create(
                category=category,
                filename=upload.name[:255],
                content=upload.read(),
                created_by=request.user,
                skill=form.cleaned_data["skill"],
                level=form.cleaned_data["level"],
            )
            job.start()
        messages.success(request, _("The file is being imported."))
        return redirect("exams_import_report", pk=job.pk)
    recent = QuestionImport.objects.filter(created_by=request.user).select_related("category")[:10]
    categories = QuestionCategory.objects.visible_to(request.user)
    return TemplateResponse(
        request, "exams/admin/import.html", {"form": form, "recent": recent, "categories": categories}
    )


def import_report(request, pk):
    job = get_object_or_404(QuestionImport.objects.select_related("category"), pk=pk, created_by=request.user)
    return TemplateResponse(request, "exams/admin/import_report.html", {"job": job})


def export(request, pk):
    category = get_object_or_404(QuestionCategory.objects.visible_to(request.user), pk=pk)
    response = HttpResponse(export_category(category), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questions-{category.pk}.xml"'
    return response
