"""Who may keep the catalogue: the process owners and the facilitators of its workshops."""

import rules


@rules.predicate
def keeps_catalogue(user, process):
    if process is None or not user.is_authenticated:
        return False
    return (
        process.owners.filter(pk=user.pk).exists()
        or process.workshops.filter(facilitators=user).exists()
    )


can_keep = rules.is_superuser | keeps_catalogue

rules.add_perm("catalogue.view_catalogue", can_keep)
rules.add_perm("catalogue.change_catalogue", can_keep)
