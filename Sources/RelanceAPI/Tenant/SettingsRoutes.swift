import Foundation
import Hummingbird
import Postgres
import RelanceCore
import RelanceStore

/// `GET /v1/settings` and `PATCH /v1/settings` (also under `/v1/tenants/{slug}`).
struct SettingsRoutes {
    let database: TenantDatabase

    static let editable: [(field: String, column: String)] = [
        ("display_name", "display_name"), ("time_zone", "time_zone"), ("currency", "currency"), ("locale", "locale"),
        ("sender_email", "sender_email"), ("sender_name", "sender_name"), ("bank_account_holder", "bank_account_holder"),
        ("bank_iban", "bank_iban"), ("bank_bic", "bank_bic"), ("payment_reference_hint", "payment_reference_hint"),
    ]

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("settings") { _, context in
            let tenant = try context.requireTenant()
            let settings = try await database.withTransaction(tenant.slug) { tx in
                try TenantSettingsDTO(row: try await tx.query("SELECT \(unescaped: TenantSettingsDTO.columns) FROM settings")[0])
            }
            return try JSONResponse.make(settings)
        }
        group.patch("settings") { request, context in
            let tenant = try context.requireTenant()
            var body = try await JSONBody.read(request, context: context, allowed: Set(Self.editable.map(\.field)))
            var values: [(column: String, value: String?)] = []
            for (field, column) in Self.editable where body.has(field) {
                let required = ["display_name", "time_zone", "currency", "locale"].contains(field)
                let value = body.string(field, nullable: !required)
                switch field {
                case "display_name", "sender_name", "bank_account_holder": body.validate(field, value, SettingsRule.name)
                case "time_zone": body.validate(field, value, SettingsRule.timeZone)
                case "currency": body.validate(field, value, SettingsRule.currency)
                case "locale": body.validate(field, value, SettingsRule.locale)
                case "sender_email": body.validate(field, value, BankDetails.emailProblem)
                case "bank_iban": body.validate(field, value, BankDetails.ibanProblem)
                case "bank_bic": body.validate(field, value, BankDetails.bicProblem)
                default: body.validate(field, value) { $0.count > 500 ? "must be at most 500 characters" : nil }
                }
                values.append((column, field == "bank_iban" ? value?.replacingOccurrences(of: " ", with: "").uppercased() : value))
            }
            try body.finish()
            let settings = try await database.withControlThenTenant(tenant.slug, control: { tx in
                // The control schema keeps what scheduling needs (time zone, currency, locale, name).
                let mirrored = values.filter { ["display_name", "time_zone", "currency", "locale"].contains($0.column) }
                guard !mirrored.isEmpty else { return }
                let assignments = mirrored.enumerated().map { "\($0.element.column) = $\($0.offset + 2)" }.joined(separator: ", ")
                try await tx.query("UPDATE relance.tenants SET \(unescaped: assignments), updated_at = now() WHERE slug = $1",
                                   [tenant.slug.rawValue] + mirrored.map(\.value))
            }, tenant: { tx in
                if !values.isEmpty {
                    let assignments = values.enumerated().map { "\($0.element.column) = $\($0.offset + 1)" }.joined(separator: ", ")
                    try await tx.query("UPDATE settings SET \(unescaped: assignments), updated_at = now()", values.map(\.value))
                }
                return try TenantSettingsDTO(row: try await tx.query("SELECT \(unescaped: TenantSettingsDTO.columns) FROM settings")[0])
            })
            return try JSONResponse.make(settings)
        }
    }
}
