#!/usr/bin/env bash
# Renders the proof pages under examples/documents/: the built CLI fills the documents from data/*.yaml
# (and variants/*.yaml) in a scratch workspace, LibreOffice turns them into PDF, pdftoppm into PNG.
# Needs: npm run build, libreoffice-writer (or -nogui), poppler-utils, fonts-noto-cjk.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
zfjl() { node "$root/bin/run.js" "$@"; }
json_field() { node -e "let s='';process.stdin.on('data',(d)=>s+=d).on('end',()=>console.log(JSON.parse(s).$1))"; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
ws="$scratch/ws"
zfjl init "$ws" --unit 衡阳市珠晖区卫生健康局 --code 珠卫 --officer 张伟:43040520260001 --officer 李娜:43040520260002 --identity declared >/dev/null
new_case() { # procedure title party party-id
  zfjl case new -w "$ws" --procedure "$1" --title "$2" --party "$3" --party-id "$4" --address 衡阳市珠晖区东风路1号 \
    --officer 张伟:43040520260001 --officer 李娜:43040520260002 --json | json_field id
}
penalty="$(new_case penalty-general 未取得公共场所卫生许可证从事经营活动 衡阳市某某足浴店 91430405MA4L000000)"
person="$(new_case penalty-general 未取得公共场所卫生许可证从事经营活动 赵某 430405199003150026)"
summary="$(new_case penalty-summary 未按照规定对顾客用品用具进行清洗消毒 衡阳市某某足浴店 91430405MA4L000000)"
inspection="$(new_case inspection 公共场所卫生监督检查 衡阳市某某足浴店 91430405MA4L000000)"
coercion="$(new_case coercion 向顾客提供被传染病病原体污染的公共用品用具 衡阳市某某足浴店 91430405MA4L000000)"
permit="$(new_case permit 公共场所卫生许可 衡阳市某某足浴店 91430405MA4L000000)"
export FONTCONFIG_FILE="$here/fonts.conf"
rm -f "$here"/*.png
render() { # case type data-file png-name document-date
  local file
  file="$(zfjl doc fill "$1" "$2" -w "$ws" --data "$3" --date "$5" --json | json_field file)"
  soffice --headless "-env:UserInstallation=file://$scratch/profile" --convert-to pdf --outdir "$scratch/pdf" "$ws/$file" >/dev/null
  pdftoppm -png -r 80 "$scratch/pdf/$(basename "${file%.docx}").pdf" "$here/$4"
}
render "$penalty" penalty-decision "$here/data/penalty-decision.yaml" penalty-decision 2026-04-01
render "$person" penalty-decision "$here/variants/penalty-decision-person.yaml" penalty-decision-person 2026-04-01
render "$summary" summary-penalty-decision "$here/data/summary-penalty-decision.yaml" summary-penalty-decision 2026-03-02
render "$penalty" penalty-prior-notice "$here/data/penalty-prior-notice.yaml" penalty-prior-notice 2026-03-15
render "$penalty" inquiry-record "$here/data/inquiry-record.yaml" inquiry-record 2026-03-10
render "$inspection" onsite-record "$here/data/onsite-record.yaml" onsite-record 2026-03-02
render "$inspection" supervision-opinion "$here/data/supervision-opinion.yaml" supervision-opinion 2026-03-02
render "$coercion" seizure-decision "$here/data/seizure-decision.yaml" seizure-decision 2026-03-02
render "$penalty" service-receipt "$here/data/service-receipt.yaml" service-receipt 2026-04-02
render "$permit" permit-grant "$here/data/permit-grant.yaml" permit-grant 2026-03-25
render "$penalty" collective-discussion "$here/data/collective-discussion.yaml" collective-discussion 2026-03-28
render "$penalty" internal-approval "$here/data/internal-approval.yaml" internal-approval 2026-03-03
render "$coercion" seizure-list "$here/data/seizure-list.yaml" seizure-list 2026-03-02
render "$penalty" av-handover "$here/data/av-handover.yaml" av-handover 2026-03-02
ls -l "$here"/*.png
