"""Strings of Django's admin and django-simple-history that their zh_Hans catalogs lack.

Marked here so that ``makemessages`` carries them into the portal's catalog, which Django
searches before the packages' own: the admin's screen-reader headings and the history page.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Changes"),
)
