"""Strings of Django's admin, django-simple-history and django-axes their zh_Hans catalogs lack.

Marked here so that ``makemessages`` carries them into the portal's catalog, which Django
searches before the packages' own: the admin's screen-reader headings, the history page and
the list of sign-in attempts an administrator unlocks accounts from.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Changes"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Username"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
)
