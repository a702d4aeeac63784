from django.urls import path

from . import views
from .views import console

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
    # The facilitator's console: every vote control in place (answers the votes region)
    path("animer/<int:workshop_id>/votes/", console.votes_region, name="console_votes"),
    path(
        "animer/<int:workshop_id>/votes/syntheses/<int:synthesis_id>/ouvrir/",
        console.open_vote,
        name="console_open",
    ),
    path(
        "animer/<int:workshop_id>/votes/<int:vote_id>/clore/",
        console.close_vote,
        name="console_close",
    ),
    path(
        "animer/<int:workshop_id>/votes/<int:vote_id>/pour/<int:participant_id>/",
        console.consent_for,
        name="console_for",
    ),
    path(
        "animer/<int:workshop_id>/votes/objections/<int:ballot_id>/repondre/",
        console.answer_objection,
        name="console_answer",
    ),
    path(
        "animer/<int:workshop_id>/votes/priorites/<int:poll_id>/ouvrir/",
        console.move_poll,
        {"action": "open"},
        name="console_open_poll",
    ),
    path(
        "animer/<int:workshop_id>/votes/priorites/<int:poll_id>/clore/",
        console.move_poll,
        {"action": "close"},
        name="console_close_poll",
    ),
    path(
        "animer/<int:workshop_id>/votes/priorites/<int:poll_id>/pour/<int:participant_id>/",
        console.poll_for,
        name="console_poll_for",
    ),
    path(
        "animer/<int:workshop_id>/orientation/",
        console.orientation_region,
        name="console_orientation",
    ),
    path(
        "animer/<int:workshop_id>/orientation/ouvrir/",
        console.open_orientations,
        name="console_open_orientations",
    ),
    path(
        "animer/<int:workshop_id>/orientation/<int:orientation_id>/clore/",
        console.close_orientation,
        name="console_close_orientation",
    ),
    path(
        "animer/<int:workshop_id>/orientation/<int:orientation_id>/confirmer/",
        console.confirm_orientation,
        name="console_confirm_orientation",
    ),
    path(
        "animer/<int:workshop_id>/orientation/<int:orientation_id>/pour/<int:participant_id>/",
        console.orientation_for,
        name="console_orientation_for",
    ),
]
