from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/open/", views.open_notification, name="open"),
    path("notifications/read/", views.mark_all_read, name="mark_all_read"),
    path("accounts/profile/notices/", views.email_preferences, name="preferences"),
]
