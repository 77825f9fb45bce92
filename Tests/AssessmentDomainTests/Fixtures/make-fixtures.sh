#!/usr/bin/env bash
# Makes the score-sheet fixtures the importer's tests read: XLSX files written by LibreOffice
# Calc (Debian's libreoffice-calc, headless) from CSV sources, and a GBK CSV as Chinese Excel
# saves it. Run it by hand after changing a source; the outputs are committed, so the tests do
# not need LibreOffice. The ID numbers are made up (valid check characters, GB 11643).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Column types for LibreOffice's CSV filter: 2 = text (ticket and ID numbers keep their digits), 1 = standard.
text_columns="1/2/2/2/3/2/4/1/5/1/6/2"
convert() {  # source.csv target.xlsx column-types
  cp "$1" "$work/$(basename "${2%.xlsx}").csv"
  soffice --headless --infilter="CSV:44,34,76,1,$3" --convert-to xlsx --outdir "$work" "$work/$(basename "${2%.xlsx}").csv" >/dev/null
  mv "$work/$(basename "$2")" "$2"
}
convert scores.csv scores-libreoffice.xlsx "$text_columns"
convert scores-extra-column.csv scores-extra-column.xlsx "1/2/2/2/3/2/4/1/5/1/6/2/7/2"
# The ID numbers typed as numbers, as a careless sheet has them.
convert scores.csv scores-id-as-number.xlsx "1/2/2/2/3/1/4/1/5/1/6/2"
iconv -f UTF-8 -t GBK scores.csv > scores-gbk.csv
