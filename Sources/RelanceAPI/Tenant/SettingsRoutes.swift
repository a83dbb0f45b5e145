import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `GET /v1/settings` and `PATCH /v1/settings` (also under `/v1/tenants/{slug}`).
///
/// GET returns an `ETag`; PATCH takes `If-Match` (a stale tag is 412; without it the change
/// is unconditional) and `Idempotency-Key`. A change of name, time zone, currency or locale
/// is mirrored to the control schema in the same transaction.
struct SettingsRoutes {
    let database: TenantDatabase
    let rates: ReferenceRateRepository
    let settings = SettingsRepository()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("settings") { _, context in
            let tenant = try context.requireTenant()
            let current = try await database.withTransaction(tenant.slug) { tx in try await settings.settings(in: tx) }
            return try JSONResponse.stored(TenantSettingsDTO(current), tagged: true).response()
        }
        group.patch("settings") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let change = try StrictJSONDecoder.decode(SettingsPatch.self, from: json).change
            if let rule = change.lateInterest,
               let problem = rule.problem(on: CalendarDate(at: Date(), in: TimeZone(identifier: "UTC")!), rates: try await rates.all()) {
                throw Problem.validation([.init(field: "late_interest_rate", message: problem)])
            }
            let precondition = try IfMatch.from(request)
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTenantThenControl(tenant.slug, tenant: { tx in
                try await Idempotency.run(key, in: tx) {
                    let current = try await settings.settings(in: tx, lock: precondition != nil)
                    if let precondition { try precondition.check(EntityTag(of: try JSONResponse.encode(TenantSettingsDTO(current)))) }
                    return try JSONResponse.stored(TenantSettingsDTO(try await settings.update(change, in: tx)), tagged: true)
                }
            }, control: { tx, outcome in
                if !outcome.replayed { try await settings.mirror(change, tenant: tenant.slug, in: tx) }
            })
            return outcome.response
        }
    }
}
