from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "lms.exams"
    label = "exams"
    verbose_name = _("Testing Center")

    def ready(self):
        from lms.people import policies  # imports models: only once the app registry is ready

        from .models import Exam, Question, QuestionCategory, Sitting

        for model in (QuestionCategory, Question, Exam, Sitting):
            policies.register_queryset_rules(model)
