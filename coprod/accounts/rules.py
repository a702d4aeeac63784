"""Who may do what with accounts (django-rules)."""

import rules

# Who may lift a login lock-out (throttle.py) before it ends by itself. Superusers for now;
# organisation admins are to join with `| is_organisation_admin` once organisations exist.
may_unlock_logins = rules.is_superuser

rules.add_perm("accounts.unlock_login", may_unlock_logins)
