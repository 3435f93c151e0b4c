"""Training the notice model from the corpus (development only: needs scikit-learn).

``make model`` runs ``python -m reinstate.notices.training corpus/notices`` and writes
``src/reinstate/knowledge/models/notices.json``. The product itself only reads that file
(:mod:`reinstate.notices.classifier`).
"""
