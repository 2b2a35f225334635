"""What the PLC pages do, by journey: ``spaces`` (the index, a space, its moderation log),
``membership``, ``posts``, ``files`` and ``sessions``. Page models route here (each route imports its
view when called); every change goes through ``plc.services``.

Every view checks on the server who may see the space and its posts, whatever the page showed.
"""
