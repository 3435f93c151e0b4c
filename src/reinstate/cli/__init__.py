"""The ``reinstate`` command line. Each command lives in its own module and imports its heavy
dependencies inside the command, so ``reinstate diagnose`` starts fast."""
