from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/keys.json", views.public_keys, name="keys"),
    path("verify/<str:code>.json", views.verify_json, name="verify_json"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/", views.my_certificates, name="mine"),
    path("certificates/manage/", views.manage, name="manage"),
    path("certificates/bundles/", views.request_bundle, name="request_bundle"),
    path("certificates/bundles/<int:pk>/", views.bundle, name="bundle"),
    path("certificates/<str:code>/pdf/", views.download, name="download"),
    path("certificates/<str:code>/revoke/", views.revoke, name="revoke"),
    path("evidence/", views.evidence, name="evidence"),
    path("evidence/<int:user_id>/", views.evidence, name="evidence_of"),
]
