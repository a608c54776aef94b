# English dates and times as the portal writes them: a 24-hour clock, as in China, so a start at 00:00
# never reads "midnight" (Django's English "P" format) and 14:00 never "2 p.m.".
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
