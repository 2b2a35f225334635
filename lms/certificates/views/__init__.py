"""The certificates' pages by audience: the public (verification), the holder, staff, and staff's bundles."""
