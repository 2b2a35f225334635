"""Learning: competencies, enrolments, lesson progress and the development-hours ledger.

Page apps (``courses``) own the content; this app owns what a teacher does with it. It never imports
a page app: its services take a *course* object that offers ``pk``, ``title``, ``live``,
``enrolment_opens``, ``enrolment_closes``, ``capacity``, ``credited_hours()`` (the development hours
its lessons' time bounds), ``get_prerequisite_ids()``, ``get_required_lesson_ids()``,
``next_lesson(completed_ids)`` (the lesson to go on with, or ``None``) and ``get_url()``;
and *lessons* that offer ``pk`` and ``missing_requirements(enrolment, progress)`` (what the person
still has to do, as messages; empty when the lesson may be marked done).
"""
