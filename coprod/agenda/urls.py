from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("nouveau/", views.new_workshop, name="new_workshop"),
    path("<int:workshop_id>/deroule/", views.edit, name="edit"),
    path("<int:workshop_id>/deroule/ajouter/", views.add, name="add"),
    path("<int:workshop_id>/deroule/modele/", views.apply_template, name="apply_template"),
    path("<int:workshop_id>/deroule/<int:step_id>/", views.update, name="update"),
    path("<int:workshop_id>/deroule/<int:step_id>/supprimer/", views.delete, name="delete"),
    path(
        "<int:workshop_id>/deroule/<int:step_id>/<str:direction>/",
        views.move,
        name="move",
    ),
]
