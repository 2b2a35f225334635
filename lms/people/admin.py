"""Django's own admin (/django-admin/) for superusers; day-to-day work happens in the Wagtail admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import RoleAssignment, TeacherProfile, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


class TeacherProfileInline(admin.StackedInline):
    model = TeacherProfile
    can_delete = False


@admin.register(User)
class PersonAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("HCEC", {"fields": ("title", "title_en", "first_name_en", "last_name_en", "citizen_id")}),
    )
    inlines = [TeacherProfileInline, RoleAssignmentInline]
    search_fields = ("username", "first_name", "last_name", "first_name_en", "last_name_en", "email")
