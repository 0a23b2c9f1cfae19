"""Actors: the dictionaries of countries, organisations, armed groups, leaders
and role nouns (``data/``), and the code that finds them in articles."""
