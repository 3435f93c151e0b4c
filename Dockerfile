# The image compose.yaml runs (docs/deploy.md): Debian bookworm's Python 3.11 with the Debian
# packages Reinstate needs at run time (Makefile RUN_DEBS). Not built by the project's tests:
# the build machine has no container engine.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei poppler-utils tesseract-ocr \
      tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /data --uid 10001 reinstate
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY scripts ./scripts
# The translation catalogues are compiled into the package before it is installed (make's
# "translations" step).
RUN pip install --no-cache-dir polib && python scripts/i18n.py compile \
 && pip install --no-cache-dir . && rm -rf /app/src /app/scripts
RUN mkdir -p /data && chown reinstate /data
USER reinstate
ENV REINSTATE_DATA_DIR=/data PYTHONUNBUFFERED=1
EXPOSE 8000
