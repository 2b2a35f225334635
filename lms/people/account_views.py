"""Signing in, resetting a password and confirming a new e-mail address.

Sign-in is throttled by django-axes (``lms.people.throttle``); the views here add "keep me signed in",
limit password resets per address and per client, and turn a confirmation link into an address change.
"""

import hashlib

from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lms.core import counters

from . import services
from .forms import QueuedPasswordResetForm, SignInForm
from .throttle import client_ip


class SignInView(auth_views.LoginView):
    form_class = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # Unticked: the cookie ends with the browser, and the idle timeout applies (IdleSessionMiddleware).
        self.request.session.set_expiry(settings.SESSION_COOKIE_AGE if form.cleaned_data.get("remember") else 0)
        return response


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Reset links, at most ``PASSWORD_RESETS_PER_ADDRESS_PER_HOUR`` mails to one address and
    ``PASSWORD_RESETS_PER_CLIENT_PER_HOUR`` requests from one client.

    Past the address's limit the answer is the same "check your e-mail" page and no mail goes, so the
    answer never says whether an account has the address.
    """

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        if counters.count(f"people:reset:client:{client_ip(self.request)}", 3600) > (
            settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR
        ):
            form.add_error(None, _("Too many password resets from your address. Wait an hour and try again."))
            return render(self.request, self.template_name, self.get_context_data(form=form), status=429)
        address = hashlib.sha256(form.cleaned_data["email"].strip().lower().encode()).hexdigest()
        if counters.count(f"people:reset:address:{address}", 3600) > settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR:
            return redirect(self.get_success_url())
        return super().form_valid(form)


class ResetPasswordConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password by the e-mailed link also lifts a sign-in lockout of that account: the
    link proves the teacher holds the mailbox, so a stranger's guesses cannot keep them out."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_login_failures(username=self.user.get_username())
        return response


@never_cache
def email_confirm(request, token):
    """The link mailed to a new address. Opening it shows a button: mail scanners that follow links do
    not change anything."""
    found = services.read_email_change(token)
    if found is None:
        return render(request, "people/email_confirm.html", {"invalid": True}, status=400)
    user, new_email = found
    if request.method == "POST":
        if services.confirm_email_change(user, new_email):
            messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": new_email})
        else:
            messages.error(request, _("Another account has this address now, so yours stays as it was."))
        return redirect("people:profile" if request.user.is_authenticated else "login")
    return render(request, "people/email_confirm.html", {"account": user, "new_email": new_email})
