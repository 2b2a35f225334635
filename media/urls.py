from django.urls import path

from . import views

app_name = "h5p"

urlpatterns = [
    path("play/<str:token>/", views.play, name="play"),
    path("play/<str:token>/files/<path:path>", views.play_file, name="file"),
    # Without an attempt a statement is refused with a reason (see ``results.record_statement``).
    path("play/<str:token>/xapi", views.xapi, name="xapi"),
    path("play/<str:token>/xapi/<int:attempt_id>", views.xapi, name="attempt_xapi"),
    path("play/<str:token>/state/<str:data_type>/<str:sub_content_id>", views.state, name="state"),
]
