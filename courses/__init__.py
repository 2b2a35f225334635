"""Courses: the catalogue, course, module and lesson pages, their content blocks and Thai search.

Pages hold content; what teachers do (enrolments, progress, hours) lives in ``lms.learning`` and is
changed only through its services.
"""
