"""Who may do what with accounts (django-rules)."""

import rules

# The role's value in coprod.organisations (Membership.Role.ADMIN), read through the user's
# memberships: accounts sit below organisations and do not import them.
ADMIN = "admin"


@rules.predicate
def administers_an_organisation(user):
    return user.is_authenticated and user.memberships.filter(role=ADMIN).exists()


@rules.predicate
def administers_account_of(user, username):
    """`username` is a member of an organisation `user` administers."""
    if not user.is_authenticated or not username:
        return False
    return user.memberships.filter(
        role=ADMIN, organisation__memberships__user__username=username
    ).exists()


# Who may lift a login lock-out (throttle.py) before it ends by itself: the server's
# superusers, for any username; an organisation's administrators, for its members.
rules.add_perm("accounts.unlock_login", rules.is_superuser | administers_an_organisation)
rules.add_perm("accounts.unlock_login_of", rules.is_superuser | administers_account_of)
