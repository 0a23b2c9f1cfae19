"""Dates: find date expressions in French text and normalise them.

``find_dates(text, published=None, context_year=None, tense=None)`` returns the
:class:`DateMention` records of a text (usually one sentence), and
``article_year(text)`` the year an article most plausibly fixes, for
``context_year``. Patterns are compiled from ``data/french_dates.yaml``; no
NER model and no dateparser are needed.

Conventions
-----------
* value is ISO at ``precision``: "2021-06-15" (day), "2021-06" (month),
  "2021" (year); None when the text does not fix a date.
* Ranges give their start: "du 12 au 15 juin 2021" → 2021-06-12 (day),
  "de janvier à mars 2021" → 2021-01, "entre 2014 et 2020" → 2014 (year).
* A night is dated by the evening it starts: "la nuit de samedi à dimanche"
  published Monday 2021-06-14 → 2021-06-12.
* A day and month without year ("le 1er décembre") take the year that puts
  them just before publication (or up to 60 days after it, or after it in a
  future tense); without a publication date, ``context_year``; else None.
* A weekday alone is the latest such day on or before publication, the next
  one on or after it when ``tense="future"``; "dernier" / "prochain" make it
  strictly before / after.
* Weeks and weekends ("la semaine dernière", "ce week-end", "il y a deux
  semaines") are spans, not days: they resolve to the month that holds the
  whole span, else its year, else None.
* "il y a N jours|mois|ans" → day | month | year; approximate or vague
  counts ("il y a près de trente ans", "il y a quelques jours") → None.
* Habitual times ("chaque 1er décembre", "tous les lundis", "le lundi") and
  anaphoric ones ("la veille", "le lendemain", "le mardi suivant") are found,
  never valued, so that a coder does not borrow a date for their event.
* ``relative`` is True when the expression alone does not fix its date.
"""

from .finder import find_dates
from .records import DAY, MONTH, PRECISIONS, YEAR, DateMention
from .year import article_year

__all__ = ["DAY", "MONTH", "PRECISIONS", "YEAR", "DateMention", "article_year", "find_dates"]
