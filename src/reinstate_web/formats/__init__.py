"""Date formats with the month's name in every interface language (settings.FORMAT_MODULE_PATH).

"12/07/2026" reads as July to half the world and as December to the other half; "7 December
2026" and "2026年12月7日" cannot be misread. Only the names below are overridden: numbers and
input formats stay Django's own for each language.
"""
