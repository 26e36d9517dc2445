#!/usr/bin/env bash
# Renders the proof pages under examples/documents/ (issue 3): the built CLI fills 行政处罚决定书,
# 询问笔录, 集体讨论记录 and 物品清单 from data/*.yaml in a scratch workspace, LibreOffice turns them into
# PDF, pdftoppm into PNG. Needs: npm run build, libreoffice-writer, poppler-utils, fonts-noto-cjk.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
zfjl() { node "$root/bin/run.js" "$@"; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
ws="$scratch/ws"
zfjl init "$ws" --unit 衡阳市珠晖区卫生健康局 --code 珠卫 --officer 张伟:43040520260001 --officer 李娜:43040520260002 --identity declared >/dev/null
case_id="$(zfjl case new -w "$ws" --procedure penalty-general --title 未取得公共场所卫生许可证从事经营活动 \
  --party 衡阳市某某足浴店 --party-id 91430405MA4L000000 --address 衡阳市珠晖区东风路1号 \
  --officer 张伟:43040520260001 --officer 李娜:43040520260002 --json | node -e 'process.stdin.on("data", (d) => console.log(JSON.parse(d).id))')"
export FONTCONFIG_FILE="$here/fonts.conf"
for type in penalty-decision inquiry-record collective-discussion seizure-list; do
  file="$(zfjl doc fill "$case_id" "$type" -w "$ws" --data "$here/data/$type.yaml" --date 2026-04-01 --json | node -e 'process.stdin.on("data", (d) => console.log(JSON.parse(d).file))')"
  soffice --headless "-env:UserInstallation=file://$scratch/profile" --convert-to pdf --outdir "$scratch/pdf" "$ws/$file" >/dev/null
  rm -f "$here/$type"-*.png
  pdftoppm -png -r 80 "$scratch/pdf/$(basename "${file%.docx}").pdf" "$here/$type"
done
ls -l "$here"/*.png
