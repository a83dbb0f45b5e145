import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `/admin/v1/reference-rates`: the published rates late interest reads. `GET` lists them;
/// `PUT /{kind}/{effective_date}` with `{"rate": "2.15"}` (percent a year, up to 2 decimals)
/// adds one (201) or replaces it (200). Audited with the admin actor.
struct ReferenceRateRoutes {
    let rates: ReferenceRateRepository

    struct RateDTO: Encodable {
        var kind: String
        var effectiveDate: CalendarDate
        /// Percent a year, as text ("2.15").
        var rate: String
    }

    struct Body: RequestBody {
        var rate: ScaledDecimal
        func validate(_ errors: inout FieldErrors) {
            if let hundredths = rate.rescaled(to: 2), (-10_000...10_000).contains(hundredths.units) {} else {
                errors.add("rate", "must be a percent from -100 to 100 with at most 2 decimal places")
            }
        }
    }

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get("reference-rates") { _, _ in
            let all = try await rates.all()
            return try JSONResponse.make(["data": all.map(Self.dto)])
        }
        group.put("reference-rates/:kind/:effective_date") { request, context in
            var errors = FieldErrors()
            let kindText = context.parameters.get("kind") ?? ""
            let kind = ReferenceRateKind(rawValue: kindText)
            if kind == nil { errors.add("kind", "must be one of \(ReferenceRateKind.allCases.map(\.rawValue).joined(separator: ", "))") }
            let date = CalendarDate(context.parameters.get("effective_date") ?? "")
            if date == nil { errors.add("effective_date", CalendarDate.formatRule) }
            try errors.throwIfAny()
            let body = try StrictJSONDecoder.decode(Body.self, from: try await StrictJSONDecoder.read(request))
            let rate = ReferenceRate(kind: kind!, effectiveOn: date!, basisPoints: Int(body.rate.rescaled(to: 2)!.units))
            let created = try await rates.put(rate, actor: AdminRoutes.actor)
            return try JSONResponse.make(Self.dto(rate), status: created ? .created : .ok)
        }
    }

    static func dto(_ rate: ReferenceRate) -> RateDTO {
        RateDTO(kind: rate.kind.rawValue, effectiveDate: rate.effectiveOn, rate: LegalMentions.percent(rate.basisPoints, french: false))
    }
}
