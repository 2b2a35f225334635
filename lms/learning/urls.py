from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [path("my-learning/", views.my_learning, name="my_learning")]
