"""Geo stage: a gazetteer index, name normalisation across scripts and spellings, and place resolution."""
