"""Everything that changes a community, by journey: ``membership`` (joining and leaving), ``posting``
(reflections, replies, their files and drafts), ``moderation`` (what the facilitator and centre staff
do to members and posts) and ``sessions`` (PLC sessions and the hours they credit).

Views call these functions and show their ``Refused`` messages; the rules live only here and in
``plc.permissions``.
"""
