"""Account forms: lifting a login lock-out."""

from django import forms


class UnlockForm(forms.Form):
    # Axes keeps usernames in 255 characters.
    username = forms.CharField(max_length=255)
