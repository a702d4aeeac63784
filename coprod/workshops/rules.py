"""Who may do what with a workshop (django-rules predicates)."""

import rules


@rules.predicate
def is_facilitator(user, workshop):
    if workshop is None or not user.is_authenticated:
        return False
    return (
        workshop.facilitators.filter(pk=user.pk).exists()
        or workshop.process.owners.filter(pk=user.pk).exists()
    )


can_run = rules.is_superuser | is_facilitator

rules.add_perm("workshops.view_workshop", can_run)
rules.add_perm("workshops.change_workshop", can_run)
rules.add_perm("workshops.run_workshop", can_run)
rules.add_perm("workshops.add_workshop", rules.is_authenticated)
