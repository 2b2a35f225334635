"""Professional learning communities: space and practice pages; members, reflections, replies and
PLC sessions as plain models; the hours a confirmed session earns go to the core hours ledger.
"""
