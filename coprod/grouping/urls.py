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
    # The facilitator's console (answers its groups region)
    path(
        "animer/<int:workshop_id>/groupes/regrouper/",
        views.console_regroup,
        name="console_regroup",
    ),
    path(
        "animer/<int:workshop_id>/groupes/<int:cluster_id>/synthese/",
        views.console_synthesis,
        name="console_synthesis",
    ),
    path(
        "animer/<int:workshop_id>/groupes/propositions/<int:proposal_id>/deplacer/",
        views.console_move,
        name="console_move",
    ),
    path(
        "animer/<int:workshop_id>/groupes/<int:cluster_id>/scinder/",
        views.console_split,
        name="console_split",
    ),
    path(
        "animer/<int:workshop_id>/groupes/<int:cluster_id>/nom/",
        views.console_label,
        name="console_label",
    ),
    path(
        "ateliers/<int:workshop_id>/groupes/<int:cluster_id>/<slug:action>/",
        views.cluster_action,
        name="cluster_action",
    ),
]
