import CertificatesDomain
import CommonRules
import Proto
import RPC
import ServiceHost

extension CertificatesService {
    /// B-3: the registry exchange of the caller's subtree, per day and issuing authority, with totals.
    public func getReconciliation(_ request: Certificates_V1_ReconciliationRequest,
                                  context: CallContext) async throws -> Certificates_V1_ReconciliationResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateManage)
        let to = try Self.day(request.toDay, field: "toDay") ?? Self.today
        let from = try Self.day(request.fromDay, field: "fromDay") ?? to.adding(days: -30)
        guard from <= to else { throw RPCError.invalidArgument("开始日期不能晚于结束日期", field: "fromDay") }
        guard from.adding(days: 366) > to else { throw RPCError.invalidArgument("一次最多查询一年", field: "fromDay") }
        let scope = try await scope(orgID, context)
        let (fromDay, toDay) = (from.description, to.description)
        let rows = try await transaction(context) { tx in
            try RegistryOutboxStore.reconciliation(scope: scope, fromDay: fromDay, toDay: toDay, limit: 2000, tx)
        }
        var response = Certificates_V1_ReconciliationResponse()
        response.rows = rows
        response.fromDay = fromDay
        response.toDay = toDay
        var totals = Certificates_V1_ReconciliationRow()
        for row in rows {
            totals.written += row.written
            totals.delivered += row.delivered
            totals.accepted += row.accepted
            totals.rejected += row.rejected
            totals.waiting += row.waiting
            totals.failing += row.failing
        }
        response.totals = totals
        return response
    }
}
