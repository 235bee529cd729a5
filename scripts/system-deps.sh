#!/bin/sh
# Installs the Debian packages MigLab's tests need, when they are missing:
#   chromium        headless browser for the end-to-end tests (playwright-core drives it)
#   poppler-utils   pdftoppm/pdfinfo: the report tests rasterise exported PDFs and check them
#   texlive-*       pdflatex with pgfplots (texlive-pictures), booktabs (texlive-latex-recommended)
#   lmodern         and Latin Modern fonts: the report tests compile the exported .tex figures
# Runs apt-get only when something is missing and we are root; otherwise says what to install.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
report_tex_deps() {
  command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
  command -v pdflatex >/dev/null 2>&1 || need="$need texlive-latex-base"
  command -v kpsewhich >/dev/null 2>&1 && kpsewhich pgfplots.sty >/dev/null 2>&1 || need="$need texlive-pictures"
  command -v kpsewhich >/dev/null 2>&1 && kpsewhich booktabs.sty >/dev/null 2>&1 || need="$need texlive-latex-recommended"
  [ -d /usr/share/texmf/tex/latex/lm ] || need="$need lmodern"
}
report_tex_deps
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages:$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need
else
  echo "missing system packages:$need" >&2
  echo "install them first, e.g.: sudo apt-get install -y$need" >&2
  exit 1
fi
