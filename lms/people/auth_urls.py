"""Django's account URLs (``/accounts/…``), with the site's sign-in and throttled password reset."""

from django.contrib.auth import urls as django_auth_urls
from django.urls import path

from . import account_views

_replaced = {"login", "password_reset", "password_reset_confirm"}

urlpatterns = [
    path("login/", account_views.SignInView.as_view(), name="login"),
    path("password_reset/", account_views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("reset/<uidb64>/<token>/", account_views.ResetPasswordConfirmView.as_view(), name="password_reset_confirm"),
    *(pattern for pattern in django_auth_urls.urlpatterns if pattern.name not in _replaced),
]
