import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `GET /v1/customers/{id}/statement?from=&to=`: JSON, CSV or a printable HTML page, by
/// `format=` (`json`, `csv`, `html`) or else the `Accept` header. `to` defaults to the
/// tenant's today, `from` to the first of January of `to`'s year.
struct StatementRoutes {
    let database: TenantDatabase
    let ledger = LedgerRepository()
    let settings = SettingsRepository()

    enum Format: String, CaseIterable { case json, csv, html }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("customers/:id/statement") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "customer")
            var errors = FieldErrors()
            let from = QueryValue.date(request, "from", &errors)
            let to = QueryValue.date(request, "to", &errors)
            let format: Format = QueryValue.choice(request, "format", &errors) ?? Self.format(accepting: request.headers[.accept])
            if let from, let to, from > to { errors.add("from", "must not be after to") }
            try errors.throwIfAny()
            let (statement, tenantName) = try await database.withTransaction(tenant.slug) { tx in
                var end = to ?? CalendarDate(year: 2000, month: 1, day: 1)!
                if to == nil { end = try await ReceivablesSettings.load(in: tx).today }
                let start = from ?? CalendarDate(year: end.year, month: 1, day: 1)!
                guard start <= end else {
                    throw ReceivablesError.invalid(field: "from", message: "must not be after to (\(end))")
                }
                return (try await ledger.statement(customerID: id, from: start, to: end, in: tx), try await settings.settings(in: tx).displayName)
            }
            switch format {
            case .json:
                return try JSONResponse.make(StatementDTO(statement))
            case .csv:
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                       .contentDisposition: "attachment; filename=\"statement-\(statement.to).csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: StatementRendering.csv(statement))))
            case .html:
                return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: StatementRendering.html(statement, tenantName: tenantName))))
            }
        }
    }

    /// The format an `Accept` header prefers among ours (JSON when it names none).
    static func format(accepting accept: String?) -> Format {
        guard let accept = accept?.lowercased() else { return .json }
        if accept.contains("text/csv") { return .csv }
        if accept.contains("text/html") && !accept.contains("application/json") { return .html }
        return .json
    }
}
