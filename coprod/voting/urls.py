from django.urls import path

from . import views

app_name = "voting"
urlpatterns = [
    # The phone
    path("p/<int:workshop_id>/votes/", views.phone_panel, name="phone_panel"),
    path("p/<int:workshop_id>/votes/<int:vote_id>/", views.phone_consent, name="phone_consent"),
    path("p/<int:workshop_id>/votes/priorites/<int:poll_id>/", views.phone_poll, name="phone_poll"),
    path(
        "p/<int:workshop_id>/votes/orientation/<int:orientation_id>/",
        views.phone_orientation,
        name="phone_orientation",
    ),
    # The facilitator: validation votes (controls under each synthesis)
    path(
        "ateliers/<int:workshop_id>/votes/syntheses/<int:synthesis_id>/",
        views.synthesis_controls,
        name="controls",
    ),
    path(
        "ateliers/<int:workshop_id>/votes/syntheses/<int:synthesis_id>/ouvrir/",
        views.open_vote,
        name="open",
    ),
    path("ateliers/<int:workshop_id>/votes/<int:vote_id>/clore/", views.close_vote, name="close"),
    path("ateliers/<int:workshop_id>/votes/<int:vote_id>/pour/", views.consent_for, name="for"),
    path(
        "ateliers/<int:workshop_id>/votes/objections/<int:ballot_id>/repondre/",
        views.answer,
        name="answer",
    ),
    # The facilitator: prioritisation polls
    path("ateliers/<int:workshop_id>/priorites/", views.polls, name="polls"),
    path("ateliers/<int:workshop_id>/priorites/nouveau/", views.create_poll, name="create_poll"),
    path(
        "ateliers/<int:workshop_id>/priorites/<int:poll_id>/pour/",
        views.poll_for,
        name="poll_for",
    ),
    path(
        "ateliers/<int:workshop_id>/priorites/<int:poll_id>/ouvrir/",
        views.move_poll,
        {"action": "open"},
        name="open_poll",
    ),
    path(
        "ateliers/<int:workshop_id>/priorites/<int:poll_id>/clore/",
        views.move_poll,
        {"action": "close"},
        name="close_poll",
    ),
    # The facilitator: orientation (build on existing actions or develop something new)
    path("ateliers/<int:workshop_id>/orientation/", views.orientation, name="orientation"),
    path(
        "ateliers/<int:workshop_id>/orientation/ouvrir/",
        views.open_orientations,
        name="open_orientations",
    ),
    path(
        "ateliers/<int:workshop_id>/orientation/<int:orientation_id>/clore/",
        views.close_orientation,
        name="close_orientation",
    ),
    path(
        "ateliers/<int:workshop_id>/orientation/<int:orientation_id>/confirmer/",
        views.confirm_orientation,
        name="confirm_orientation",
    ),
]
