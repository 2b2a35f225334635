from django.urls import path

from . import account_views, views

app_name = "people"

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/edit/", views.profile_edit, name="profile_edit"),
    path("accounts/email/<str:token>/", account_views.email_confirm, name="email_confirm"),
    path("people/", views.directory, name="directory"),
    path("people/<int:pk>/", views.person_detail, name="detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="edit"),
]
