"""Versioned data files of the exports: column lists, ISO -> FIPS, CAMEO root names."""
