"""Wagtail-admin view for uploading an H5P package into the content library."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lms.core.errors import Refused
from lms.core.storage import STORE_DOWN, check_upload_size
from lms.org.models import Centre
from lms.people.roles import author_centres

from .h5p.store import StorageUnavailable, store_package
from .permissions import may_upload


class H5PUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("H5P package (.h5p)"))
    title = forms.CharField(
        label=pgettext_lazy("h5p", "Title"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Leave empty to use the title inside the package."),
    )
    centre = forms.ModelChoiceField(label=gettext_lazy("Centre"), queryset=Centre.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = author_centres(user)

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"], settings.H5P_MAX_UPLOAD_BYTES)


def upload(request):
    if not may_upload(request.user):
        raise PermissionDenied
    form = H5PUploadForm(request.POST or None, request.FILES or None, user=request.user)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            content = store_package(
                form.cleaned_data["file"],
                user=request.user,
                centre=form.cleaned_data["centre"],
                title=form.cleaned_data["title"],
            )
        except Refused as refused:
            problems = refused.problems
        except StorageUnavailable:
            form.add_error(None, STORE_DOWN)
        else:
            messages.success(request, _("“%(title)s” is in the H5P library.") % {"title": content.title})
            return redirect("wagtailsnippets_media_h5pcontent:list")
    return TemplateResponse(request, "media/admin/h5p_upload.html", {"form": form, "problems": problems})
