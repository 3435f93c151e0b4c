from __future__ import annotations

from django.contrib import admin

from reinstate_web.cases.models import Case, CaseEvent, Deadline, DeletionRecord, SellerAccount


@admin.register(SellerAccount)
class SellerAccountAdmin(admin.ModelAdmin[SellerAccount]):
    list_display = ("store_name", "organisation", "merchant_token")


class DeadlineInline(admin.TabularInline[Deadline, Case]):
    model = Deadline
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ("title", "account", "category", "scope", "status", "assignee")
    list_filter = ("status", "category", "scope")
    inlines = (DeadlineInline,)


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin[CaseEvent]):
    list_display = ("case", "kind", "at", "actor")
    readonly_fields = ("case", "kind", "at", "actor", "data")


@admin.register(DeletionRecord)
class DeletionRecordAdmin(admin.ModelAdmin[DeletionRecord]):
    """The audit log of deletions: read only (docs/security.md)."""

    list_display = ("kind", "object_id", "organisation", "actor_email", "at", "cases", "files")
    list_filter = ("kind",)
    readonly_fields = (
        "kind",
        "object_id",
        "organisation",
        "actor",
        "actor_email",
        "at",
        "cases",
        "files",
        "bytes",
    )

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
