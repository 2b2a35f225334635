"""Records: a person's transcript (courses, hours by source, tests, certificates), their hours in the
licence period and per fiscal year (the Thai fiscal year starts on 1 October).

Read-only: everything comes from the one hours ledger, completed enrolments, graded attempts and
certificates. The evidence pages (``lms.certificates``) and *My learning* (``lms.learning``) both read
their figures here, so no two pages count the same hours two ways.
"""
