"""The organisation: provinces, educational service areas, schools and HCEC centres, and who sees which."""
