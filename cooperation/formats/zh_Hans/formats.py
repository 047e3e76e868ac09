"""Number formats for Simplified Chinese pages.

Django's own zh_Hans formats group digits by ten-thousands with no separator; the public
reports the portal mirrors write "1,154个" and "10,000元", so group by thousands with commas.
Every other zh_Hans format falls through to Django's.
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
