"""Addresses of the Testing Center under /tests/: candidates' pages, proctoring, results."""

from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    path("", views.exam_list, name="list"),
    path("<int:exam_id>/", views.exam_detail, name="exam"),
    path("<int:exam_id>/start/", views.start, name="start"),
    path("<int:exam_id>/sittings/<int:sitting_id>/book/", views.book, name="book"),
    path("attempt/<int:pk>/", views.take, name="attempt"),
    path("attempt/<int:pk>/save/", views.save, name="save"),
    path("attempt/<int:pk>/submit/", views.submit, name="submit"),
    path("attempt/<int:pk>/result/", views.result, name="result"),
    path("attempt/<int:pk>/audio/<int:position>/", views.audio, name="audio"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:exam_id>/results/", views.results, name="results"),
    path("manage/<int:exam_id>/analysis/", views.item_analysis, name="analysis"),
    path("sittings/<int:sitting_id>/proctor/", views.proctor, name="proctor"),
]
