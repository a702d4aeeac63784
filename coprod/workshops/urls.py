from django.urls import path

from . import views

app_name = "workshops"
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/modifier/", views.workshop_edit, name="edit"),
]
