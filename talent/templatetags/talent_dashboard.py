"""What talent adds to the dashboard's templates: names as far as public."""

from __future__ import annotations

from django import template

from talent import dashboard

register = template.Library()

register.filter("public_name", dashboard.public_name)
