from django.urls import path

from . import views

app_name = "participants"
urlpatterns = [
    path("j/<str:code>/", views.join, name="join"),
]
