from __future__ import annotations

from django.contrib import admin

from reinstate_web.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "created_at")
    inlines = (MembershipInline,)


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("email", "name", "is_staff", "language")
    search_fields = ("email", "name")
    exclude = ("password",)
