import CertificatesDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Spreadsheet

extension CertificatesService {
    /// CE-8: issued per month over the last 6 months, valid today, per city and per institution,
    /// for the caller's organisation and its subtree.
    public func getStatistics(_ request: Certificates_V1_StatisticsRequest, context: CallContext) async throws -> Certificates_V1_StatisticsResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.readers)
        let scope = try await scope(orgID, context)
        let today = Self.today
        var figures = try await transaction(context) { tx in
            try StatisticsStore.statistics(scope: scope, today: today, firstMonth: today.firstOfMonth(adding: -5), tx)
        }
        for index in figures.cities.indices {
            figures.cities[index].name = Division.city(figures.cities[index].key)?.name ?? "未记录地市"
        }
        return figures
    }

    /// CE-8: the same figures as CSV or XLSX: the months, then the cities, then the institutions.
    public func exportStatistics(_ request: Certificates_V1_StatisticsExportRequest, context: CallContext) async throws -> Certificates_V1_CertificateFile {
        guard ["csv", "xlsx"].contains(request.format) else { throw RPCError.invalidArgument("格式应为 csv 或 xlsx", field: "format") }
        let figures = try await getStatistics(Certificates_V1_StatisticsRequest(), context: context)
        var rows: SheetRows = [["证书统计", "截至 \(figures.asOf)", "", ""], ["", "", "", ""], ["月份", "发证数", "", ""]]
        rows += figures.months.map { [$0.month, String($0.issued), "", ""] }
        rows += [["", "", "", ""], ["地市（区划代码）", "", "发证数", "有效证书"]]
        rows += figures.cities.map { [$0.name, $0.key, String($0.issued), String($0.valid)] }
        rows += [["", "", "", ""], ["培训机构", "机构编号", "发证数", "有效证书"]]
        rows += figures.institutions.map { [$0.name, $0.key, String($0.issued), String($0.valid)] }
        rows += [["合计", "", String(figures.issuedTotal), String(figures.validTotal)]]
        var file = Certificates_V1_CertificateFile()
        file.filename = "证书统计-\(figures.asOf).\(request.format)"
        if request.format == "csv" {
            file.contentType = "text/csv; charset=utf-8"
            file.content = CSV.bytes(rows)
        } else {
            file.contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            file.content = try XLSXWriter.workbook(sheetName: "证书统计", columns: [
                .init("项目", width: 28), .init("代码", width: 12), .init("发证数", width: 12), .init("有效证书", width: 12),
            ], rows: rows)
        }
        return file
    }
}
