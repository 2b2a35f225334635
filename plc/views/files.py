"""Files of a community: the editor's uploads before a post exists, and serving an attachment to the
people who may read the post it belongs to."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from lms.core.errors import Refused
from lms.core.storage import serve_file

from ..files import check_upload, store
from ..models import Attachment
from ..services.posting import check_upload_rate
from .access import Viewer, post_only


def upload(request, space):
    """The editor uploads a picture or file before the post exists; the post claims it later."""
    access, response = post_only(request, space)
    if response is not None:
        return response
    if not access.is_member:
        return JsonResponse({"error": _("Only members of this community can post here. Join it first.")}, status=403)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return JsonResponse({"error": _("Choose a file to upload.")}, status=400)
    try:
        check_upload_rate(request.user)
        attachment = store(space, request.user, *check_upload(upload_file))
    except Refused as refused:
        # The editor's script reads the reason; a rate limit answers 429, any other refusal 400.
        return JsonResponse({"error": str(refused)}, status=refused.status)
    return JsonResponse(
        {
            "id": attachment.pk,
            "url": space.url + f"files/{attachment.pk}/",
            "name": attachment.name,
            "is_image": attachment.is_image,
        },
        status=201,
    )


def attachment(request, space, pk):
    access = Viewer(request, space)
    item = Attachment.objects.filter(space=space, pk=pk).select_related("post__thread").first()
    if item is None:
        raise Http404
    post = item.post
    if post is None:
        # A draft is visible to the person who uploaded it, so their editor can show it.
        if item.uploaded_by_id != request.user.pk:
            raise Http404
    elif not access.can_read or (
        not access.moderator
        and post.author_id != request.user.pk
        and any(p.hidden_at or p.deleted_at for p in (post, post.thread) if p is not None)
    ):
        raise Http404
    return serve_file(item.file.name, content_type=item.content_type, inline=item.is_image, filename=item.name)
