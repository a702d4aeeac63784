"""What every app's phone forms answer with."""

from django.shortcuts import render


def phone_answer(request, fragment: str, context: dict, *, heading: str = "", status: int = 200):
    """After a phone's form: htmx swaps `fragment` in place; a phone without htmx (no
    JavaScript, or scripts not arrived on a weak connection) gets it on a whole page with a
    heading (by default the step under way) and a way back to the live page (`context` must
    hold the `workshop`)."""
    if request.htmx:
        return render(request, fragment, context, status=status)
    if not heading:
        step = context["workshop"].steps.live().first()
        heading = step.title if step else ""
    page = {**context, "fragment": fragment, "heading": heading}
    return render(request, "core/phone_answer.html", page, status=status)
