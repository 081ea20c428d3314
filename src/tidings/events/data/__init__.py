"""Versioned data files of the event coder: the trigger lexicon, cue tables and the CAMEO map."""
