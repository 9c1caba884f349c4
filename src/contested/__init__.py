"""contested: who claims what happened, where and when, from war reporting."""

__version__ = "0.1.0"
