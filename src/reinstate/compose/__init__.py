"""Compose the appeal (Plan of Action) from the knowledge base and the case's own facts."""
