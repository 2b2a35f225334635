from lms.core.apps import PlatformAppConfig


class RecordsConfig(PlatformAppConfig):
    name = "lms.records"
    label = "records"
