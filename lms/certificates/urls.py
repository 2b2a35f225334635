from django.urls import path

from .views import bundles, holder, public, staff

app_name = "certificates"

urlpatterns = [
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/keys.json", public.public_keys, name="keys"),
    path("verify/<str:code>.json", public.verify_json, name="verify_json"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("certificates/", holder.my_certificates, name="mine"),
    path("certificates/manage/", staff.manage, name="manage"),
    path("certificates/bundles/", bundles.request_bundle, name="request_bundle"),
    path("certificates/bundles/<int:pk>/", bundles.bundle, name="bundle"),
    path("certificates/<str:code>/pdf/", holder.download, name="download"),
    path("certificates/<str:code>/revoke/", staff.revoke, name="revoke"),
    path("evidence/", staff.evidence, name="evidence"),
    path("evidence/<int:user_id>/", staff.evidence, name="evidence_of"),
]
