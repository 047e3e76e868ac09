"""What programs add to the dashboard's pages: the programs a search finds."""

from __future__ import annotations

from django import template

from programs.selectors import search_programs

register = template.Library()


@register.simple_tag
def matching_programs(query: str, limit: int = 20):
    """Return the published programs a search finds."""
    return search_programs(query)[:limit]
