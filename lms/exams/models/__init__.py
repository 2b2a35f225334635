"""Question bank, exams, sittings and attempts: plain models, never page fields.

Django finds the models here, and callers import them from ``lms.exams.models``; so do the choices
they are written with. ``new_admission_code`` stays importable here because migrations name it so.
"""

from .attempts import AttemptItem, AttemptStatus, ExamAttempt
from .bank import Level, Question, QuestionCategory, QuestionVersion, Skill, Subject
from .exams import BlueprintRule, CutScore, Exam, ExamMode, ExamPurpose, Seat, Sitting, new_admission_code
from .imports import QuestionImport

__all__ = [
    "AttemptItem",
    "AttemptStatus",
    "BlueprintRule",
    "CutScore",
    "Exam",
    "ExamAttempt",
    "ExamMode",
    "ExamPurpose",
    "Level",
    "Question",
    "QuestionCategory",
    "QuestionImport",
    "QuestionVersion",
    "Seat",
    "Sitting",
    "Skill",
    "Subject",
    "new_admission_code",
]
