"""Wagtail-admin views for loading centres, schools and areas from CSV (OBEC administrators)."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.storage import STORAGE_ERRORS, STORE_DOWN, check_upload_size

from . import csv_import, services
from .models import ImportJob
from .permissions import may_import


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or Windows-874 (Thai Excel). The first line names the columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file (in Excel: Save As, CSV UTF-8)."))
        return check_upload_size(upload, settings.ORG_IMPORT_MAX_BYTES)


def import_upload(request):
    if not may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import_job(form.cleaned_data["kind"], form.cleaned_data["file"], request.user)
        except STORAGE_ERRORS:
            # The file is stored before the job row is written, so nothing half-saved is left behind.
            form.add_error("file", STORE_DOWN)
        else:
            return redirect("org_import_detail", pk=job.pk)
    return TemplateResponse(
        request,
        "org/admin/import_upload.html",
        {
            "form": form,
            "formats": csv_import.FORMATS.values(),
            "recent_jobs": ImportJob.objects.select_related("created_by")[:10],
        },
    )


def import_detail(request, pk):
    if not may_import(request.user):
        raise PermissionDenied
    job = get_object_or_404(ImportJob, pk=pk)
    return TemplateResponse(request, "org/admin/import_detail.html", {"job": job})
