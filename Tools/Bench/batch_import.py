"""CE-3 benchmark (docs/BENCHMARKS.md): importing 5,000 persons into a registration batch through
the gateway, as CSV and as XLSX, against a running stack.

RUNS times: hfjx_admin creates a batch, checks the sheet (commit=false: parse, every row's rules,
the catalog's posts, the batch's duplicates, the preview) and imports it (commit=true: the same
checks and the insert of every person in one statement). Each request is timed end to end.
The XLSX is written here (a minimal OOXML workbook, inline strings), so no library is needed.

Run by scripts/bench-batch-import.sh.
"""
import io, json, os, statistics, sys, urllib.parse, zipfile

from benchstack import id_number, login, request

ROWS = int(os.environ.get("ROWS", "5000"))
RUNS = int(os.environ.get("RUNS", "5"))
HEADER = ["姓名", "身份证号", "工作单位", "岗位代码", "等级"]


def rows():
    posts = [("050", ""), ("T03", "中级工"), ("030", ""), ("T01", "初级工")]
    return [HEADER] + [[f"压测人员{i}", id_number(i), f"安徽压测建设{i % 50}公司", *posts[i % len(posts)]] for i in range(ROWS)]


def csv_bytes(table):
    return ("\ufeff" + "".join(",".join(row) + "\n" for row in table)).encode()


def xlsx_bytes(table):
    def cell(ref, text):
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'
    sheet_rows = "".join(f'<row r="{r + 1}">' + "".join(cell(f"{'ABCDE'[c]}{r + 1}", v) for c, v in enumerate(row)) + "</row>"
                         for r, row in enumerate(table))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="合格人员" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   f"<sheetData>{sheet_rows}</sheetData></worksheet>")
    return out.getvalue()


def main():
    token = login("hfjx_admin")
    table = rows()
    files = {"csv": csv_bytes(table), "xlsx": xlsx_bytes(table)}
    times = {(kind, step): [] for kind in files for step in ("check", "import")}
    for run in range(RUNS):
        for kind, content in files.items():
            body, _ = request("POST", "/api/v1/certificate-batches", token, json.dumps({"name": f"导入压测 {kind} {run}"}).encode(), "application/json")
            batch = json.loads(body)["id"]
            for step, commit in (("check", "false"), ("import", "true")):
                query = urllib.parse.urlencode({"filename": f"persons.{kind}", "commit": commit})
                body, seconds = request("POST", f"/api/v1/certificate-batches/{batch}/candidate-import?{query}", token, content,
                                        "application/octet-stream")
                answer = json.loads(body)
                if answer.get("errorCount"):
                    sys.exit(f"the sheet has errors: {answer.get('errors', [])[:3]}")
                if commit == "true" and answer.get("imported") != ROWS:
                    sys.exit(f"imported {answer.get('imported')} of {ROWS}")
                times[(kind, step)].append(seconds)
            request("DELETE", f"/api/v1/certificate-batches/{batch}", token)
    print(f"{ROWS} persons, {RUNS} runs each (CSV {len(files['csv']) // 1024} KB, XLSX {len(files['xlsx']) // 1024} KB):")
    for (kind, step), values in times.items():
        print(f"  {kind:4} {step:6}  median {statistics.median(values):.2f} s  (min {min(values):.2f}, max {max(values):.2f})")


if __name__ == "__main__":
    main()
