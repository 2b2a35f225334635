"""The platform core every app uses and that knows no domain model: the file store (``storage``),
writes once per key (``db``), background jobs (``jobs``), the one refusal error, the error pages and the
outage answers (``errors``), Celery hand-off (``queue``), the resilient cache, ``Cache-Control``
(``caching``), the one HTML-cleaning policy (``sanitize``), English beside Thai on pages (``bilingual``),
Buddhist-Era dates, the platform's AppConfig (``apps``), /healthz."""
