/// The totals of an invoice, in minor units, from its lines — by one rounding rule:
///
/// - **line total** = round_half_up(quantity × unit_price × (1 − discount_percent / 100)) to the
///   minor unit, computed exactly in integers (128-bit) with ONE rounding per line;
/// - **tax per rate** = round_half_up(sum of the line totals at that rate × rate / 10000), one
///   rounding per distinct rate (not per line);
/// - **subtotal** = sum of the line totals; **tax total** = sum of the taxes; **total** = subtotal + tax total.
///
/// Half-up means to the nearest minor unit, and away from zero at exactly .5
/// (0.5 → 1, −0.5 → −1). No `Double` is involved anywhere.
public struct InvoiceTotals: Sendable, Hashable {
    /// Per line, in order: net of the line discount, before tax.
    public var lineTotals: [Int64]
    /// One per distinct rate (including 0), ascending by rate.
    public var taxes: [TaxAmount]
    /// Sum of `lineTotals`.
    public var subtotal: Int64
    /// Sum of the taxes' amounts.
    public var taxTotal: Int64
    /// `subtotal + taxTotal`.
    public var total: Int64

    /// The value with these fields, as given (no checks).
    public init(lineTotals: [Int64], taxes: [TaxAmount], subtotal: Int64, taxTotal: Int64, total: Int64) {
        self.lineTotals = lineTotals
        self.taxes = taxes
        self.subtotal = subtotal
        self.taxTotal = taxTotal
        self.total = total
    }

    /// The totals of `lines` by the rule above (no lines: all zero, no taxes).
    ///
    /// Throws `.overflow(line: i)` when line `i`'s exact product overflows 128 bits or its
    /// rounded total does not fit `Int64`, and `.overflow(line: nil)` when a sum does not.
    /// Limits are not checked here (see `LineRule`); within them a line cannot overflow 128
    /// bits, though its total may still exceed `Int64` and throw.
    public static func compute(_ lines: [InvoiceLineInput]) throws(InvoiceTotalsError) -> InvoiceTotals {
        var lineTotals: [Int64] = []
        lineTotals.reserveCapacity(lines.count)
        var bases: [Int: Int64] = [:]
        var subtotal: Int64 = 0
        for (index, line) in lines.enumerated() {
            guard let total = lineTotal(line) else { throw .overflow(line: index) }
            lineTotals.append(total)
            subtotal = try add(subtotal, total)
            bases[line.taxRate] = try add(bases[line.taxRate] ?? 0, total)
        }
        var taxes: [TaxAmount] = []
        var taxTotal: Int64 = 0
        for (rate, base) in bases.sorted(by: { $0.key < $1.key }) {
            guard let amount = Int64(exactly: roundHalfUp(Int128(base) * Int128(rate), dividedBy: 10_000)) else {
                throw .overflow(line: nil)
            }
            taxes.append(TaxAmount(rate: rate, base: base, amount: amount))
            taxTotal = try add(taxTotal, amount)
        }
        return InvoiceTotals(lineTotals: lineTotals, taxes: taxes, subtotal: subtotal, taxTotal: taxTotal,
                             total: try add(subtotal, taxTotal))
    }

    /// round_half_up(q × p × (1 − d/100)) = round_half_up(qUnits × p × (100·10^ds − dUnits) / (10^qs × 100 × 10^ds)),
    /// or nil when it overflows.
    static func lineTotal(_ line: InvoiceLineInput) -> Int64? {
        let discount = line.discountPercent ?? ScaledDecimal(units: 0, scale: 0)
        let hundred = Int128(100) * Int128(ScaledDecimal.powerOf10(discount.scale))
        let keptPart = hundred - Int128(discount.units)
        let (product, overflow1) = Int128(line.quantity.units).multipliedReportingOverflow(by: Int128(line.unitPrice))
        let (numerator, overflow2) = product.multipliedReportingOverflow(by: keptPart)
        guard !overflow1, !overflow2 else { return nil }
        let denominator = Int128(ScaledDecimal.powerOf10(line.quantity.scale)) * hundred  // ≤ 10^38
        return Int64(exactly: roundHalfUp(numerator, dividedBy: denominator))
    }

    /// `numerator / denominator` (denominator > 0) to the nearest integer, ties away from zero.
    static func roundHalfUp(_ numerator: Int128, dividedBy denominator: Int128) -> Int128 {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        let magnitude = remainder.magnitude
        guard magnitude >= denominator.magnitude - magnitude else { return quotient }
        return numerator < 0 ? quotient - 1 : quotient + 1
    }

    private static func add(_ a: Int64, _ b: Int64) throws(InvoiceTotalsError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .overflow(line: nil) }
        return sum
    }
}
