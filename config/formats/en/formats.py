"""English dates as the guide writes them: "27 November 2026" (not "Nov. 27, 2026").

Only what differs from Django's own English formats; the rest falls back.
"""

DATE_FORMAT = "j F Y"
