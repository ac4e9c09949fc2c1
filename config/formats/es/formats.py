"""Spanish as written in Mexico: Django's es_MX formats for our "es".

The site's Spanish is Mexican Spanish, but its address is /es/ (not /es-mx/),
so the language code is "es", whose own formats are Spain's (1.234,56).
"""

from django.conf.locale.es_MX.formats import (  # noqa: F401 - re-exported as this locale's
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    THOUSAND_SEPARATOR,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

# "27 de noviembre de 2026": E is the month in lower case, as Spanish writes it.
DATE_FORMAT = r"j \d\e E \d\e Y"
