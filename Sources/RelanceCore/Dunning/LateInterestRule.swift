/// How a tenant's late-payment interest is set.
public enum LateInterestRule: Sendable, Hashable {
    /// Code de commerce L441-10: the ECB main refinancing rate in force on 1 January (for
    /// January–June) or 1 July (for July–December), plus 10 points.
    case frenchCommercial
    /// Directive 2011/7/EU: the same reference rate plus 8 points.
    case euStatutory
    /// A rate written in the contract, in basis points (not below 3 × the French legal rate).
    case contractual(basisPoints: Int)

    /// The setting's name: `fr_commercial`, `eu_statutory` or `contractual`.
    public var name: String {
        switch self {
        case .frenchCommercial: "fr_commercial"
        case .euStatutory: "eu_statutory"
        case .contractual: "contractual"
        }
    }

    /// The annual rate in basis points for the half-year starting on `halfYearStart`
    /// (1 January or 1 July), or nil when it needs a reference rate `rates` lacks.
    public func basisPoints(halfYearStart: CalendarDate, rates: [ReferenceRate]) -> Int? {
        switch self {
        case .contractual(let basisPoints): return basisPoints
        case .frenchCommercial, .euStatutory:
            guard let reference = ReferenceRate.inForce(.ecbMainRefinancing, on: halfYearStart, among: rates) else { return nil }
            return reference.basisPoints + (self == .frenchCommercial ? 1_000 : 800)
        }
    }

    /// Why a contractual rate cannot be used on `day`, or nil: it must be at least three times
    /// the French legal rate in force that day (when one is known) and at most 100 %.
    public func problem(on day: CalendarDate, rates: [ReferenceRate]) -> String? {
        guard case .contractual(let basisPoints) = self else { return nil }
        if !(1...10_000).contains(basisPoints) { return "rate must be 0.01 to 100 percent" }
        if let legal = ReferenceRate.inForce(.frenchLegal, on: day, among: rates), basisPoints < 3 * legal.basisPoints {
            return "rate must be at least 3 × the French legal rate (\(LegalMentions.percent(3 * legal.basisPoints, french: false)) % since \(legal.effectiveOn))"
        }
        return nil
    }
}
