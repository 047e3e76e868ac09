"""What talent adds to the dashboard's templates: names as far as public."""

from __future__ import annotations

from django import template

from cooperation.core.access import may_see_name
from talent import dashboard

register = template.Library()

register.filter("public_name", dashboard.public_name)
# Whether the public may see a person's name, and so follow a link to their page.
register.filter("named_publicly", may_see_name)
