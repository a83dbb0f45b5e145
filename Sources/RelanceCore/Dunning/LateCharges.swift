/// The late-payment interest and the fixed recovery indemnity of one invoice as of a date
/// (France and EU, B2B).
///
/// Interest is simple interest per calendar day on the overdue amount, on a 365-day year (leap
/// years included), each half-year at its own rate: the days run from the day after the due
/// date up to and including `asOf`, and a sum paid on day P stops earning interest after P (it
/// counts P − due date days). Each `LateChargePeriod` is rounded half-up to the minor unit and
/// the interest is the sum of the periods, so the figures an accountant adds up agree to the cent.
public struct LateCharges: Sendable, Hashable {
    /// The days from the due date to the last day anything was overdue (0 when nothing was late).
    public var daysLate: Int
    public var periods: [LateChargePeriod]
    /// The sum of the periods' amounts, in minor units.
    public var interest: Int64
    /// The fixed recovery indemnity (€40 per late invoice, claimed from the formal notice on).
    public var indemnity: Int64
    /// How the interest is set, in words, for a reminder or an accountant.
    public var basis: String

    /// The fixed recovery indemnity in euro cents (Code de commerce D441-5).
    public static let indemnityEuroCents: Int64 = 4_000

    /// Computes the charges.
    /// - Parameters:
    ///   - overdue: what was still owed at the end of the due date, in minor units.
    ///   - dueDate: the invoice's due date.
    ///   - settlements: later sums that reduced what is owed (payments, credit notes), each on
    ///     its day; a negative amount (a reversed payment) raises it again from the day after.
    ///   - asOf: the last day counted.
    ///   - rule: the tenant's interest rule; `rates` the reference rates it reads.
    ///   - indemnityClaimed: whether the formal-notice step has been reached for this invoice.
    ///   - currency: the invoice's; the indemnity is in euros and claimed only on euro invoices.
    /// - Throws: `LateChargesError.missingReferenceRate` when a half-year's rate is unknown.
    public init(overdue: Int64, dueDate: CalendarDate, settlements: [(on: CalendarDate, amount: Int64)] = [],
                asOf: CalendarDate, rule: LateInterestRule, rates: [ReferenceRate], indemnityClaimed: Bool,
                currency: Currency) throws(LateChargesError) {
        basis = Self.basis(of: rule)
        periods = []
        let sorted = settlements.sorted { $0.on < $1.on }
        var base = overdue
        var next = 0
        // Settlements on or before the due date were already in `overdue` if the caller
        // computed it at the end of that day; any given are applied before the first day.
        while next < sorted.count, sorted[next].on <= dueDate { base -= sorted[next].amount; next += 1 }
        var day = dueDate.adding(days: 1)
        while let start = day, start <= asOf {
            // The stretch ends before the next half-year or the day after the next settlement.
            let halfYearStart = CalendarDate(year: start.year, month: start.month <= 6 ? 1 : 7, day: 1)!
            let nextHalfYear = start.month <= 6 ? CalendarDate(year: start.year, month: 7, day: 1)
                                                : CalendarDate(year: start.year + 1, month: 1, day: 1)
            var end = asOf
            if let nextHalfYear, let before = nextHalfYear.adding(days: -1), before < end { end = before }
            if next < sorted.count, sorted[next].on < end { end = sorted[next].on }
            if base > 0 {
                guard let rate = rule.basisPoints(halfYearStart: halfYearStart, rates: rates) else {
                    throw .missingReferenceRate(halfYearStart: halfYearStart)
                }
                let days = end.days(since: start) + 1
                let amount = InvoiceTotals.roundHalfUp(Int128(base) * Int128(rate) * Int128(days), dividedBy: 3_650_000)
                periods.append(LateChargePeriod(from: start, to: end, rateBasisPoints: rate, days: days, base: base,
                                                amount: Int64(clamping: amount)))
            }
            while next < sorted.count, sorted[next].on <= end { base -= sorted[next].amount; next += 1 }
            day = end.adding(days: 1)
        }
        interest = periods.reduce(0) { $0 &+ $1.amount }
        daysLate = periods.last.map { $0.to.days(since: dueDate) } ?? 0
        indemnity = indemnityClaimed && daysLate > 0 && currency.code == "EUR" ? Self.indemnityEuroCents : 0
    }

    /// The words for `rule`.
    static func basis(of rule: LateInterestRule) -> String {
        switch rule {
        case .frenchCommercial:
            "ECB main refinancing rate on 1 January or 1 July of each half-year + 10 points (Code de commerce L441-10), simple interest on a 365-day year"
        case .euStatutory:
            "ECB main refinancing rate on 1 January or 1 July of each half-year + 8 points (Directive 2011/7/EU), simple interest on a 365-day year"
        case .contractual(let basisPoints):
            "contractual rate of \(LegalMentions.percent(basisPoints, french: false)) % a year, simple interest on a 365-day year"
        }
    }
}
