#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests, LibreOffice to
# open every DOCX we produce, poppler for PDF text, PostgreSQL for the second database
# run. Installs only what is missing (needs root, as on CI).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || missing+=(fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
