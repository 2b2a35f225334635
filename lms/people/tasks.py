"""Account mail, sent by a worker: the request that asks for it answers the same whatever the address."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import User


@shared_task
def send_password_reset(email, domain, use_https, language):
    """Mail a reset link to each active account with ``email``; nothing when there is none.

    Looking the address up here, not in the request, keeps the request's time the same either way.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        with translation.override(language):
            form.save(domain_override=domain, use_https=use_https)


@shared_task
def send_email_change(user_id, new_email, confirm_url, language):
    """Mail ``new_email`` the link that makes it the address of account ``user_id``, and tell the
    account's current address that a change was asked for (someone at a shared computer left signed in
    could otherwise move the account to their own mailbox unnoticed).

    When another account already has the address, its owner is told so instead, and gets no link: the
    person who typed it learns nothing, and nothing changes.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    taken = User.objects.filter(email__iexact=new_email).exclude(pk=user_id).exists()
    template = "people/email/email_in_use" if taken else "people/email/confirm_email"
    context = {"user": user, "email": new_email, "confirm_url": confirm_url, "hours": settings.EMAIL_CHANGE_LINK_HOURS}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
        if user.email:
            notice_subject = render_to_string("people/email/email_change_asked_subject.txt", context).strip()
            notice_body = render_to_string("people/email/email_change_asked.txt", context)
    send_mail(subject, body, None, [new_email])
    if user.email:
        send_mail(notice_subject, notice_body, None, [user.email])
