from django.urls import path

from . import views

app_name = "grouping"
urlpatterns = [
    path("ateliers/<int:workshop_id>/groupes/", views.manage, name="manage"),
    path("ateliers/<int:workshop_id>/groupes/regrouper/", views.regroup, name="regroup"),
    path(
        "ateliers/<int:workshop_id>/groupes/propositions/<int:proposal_id>/deplacer/",
        views.move,
        name="move",
    ),
    path(
        "ateliers/<int:workshop_id>/groupes/<int:cluster_id>/<slug:action>/",
        views.cluster_action,
        name="cluster_action",
    ),
]
