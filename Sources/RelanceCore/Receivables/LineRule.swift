/// The limits of an invoice line's fields. Each returns nil when the value is acceptable, or
/// the message to put after the field name. Within these limits the exact line product
/// (≤ 10^12 quantity units × 10^13 × 10^6) fits 128 bits, so `InvoiceTotals.compute` can only
/// report an overflow when a total exceeds `Int64`.
public enum LineRule {
    /// The largest quantity a line may have.
    public static let maximumQuantity = ScaledDecimal(units: 1_000_000_000, scale: 0)
    /// The largest unit price a line may have, in minor units.
    public static let maximumUnitPrice: Int64 = 10_000_000_000_000

    /// Greater than 0, at most 3 decimal places by value (1.5000 is 1.5, accepted), at most 1 000 000 000.
    public static func quantity(_ value: ScaledDecimal) -> String? {
        if value.units <= 0 { return "must be greater than 0" }
        if value.rescaled(to: min(value.scale, 3)) == nil { return "must have at most 3 decimal places" }
        if value > maximumQuantity { return "must be at most 1000000000" }
        return nil
    }

    /// 0 or more (a credit is a credit note, not a negative price), at most 10^13 minor units.
    public static func unitPrice(_ value: Int64) -> String? {
        if value < 0 { return "must be 0 or more" }
        if value > maximumUnitPrice { return "must be at most 10000000000000" }
        return nil
    }

    /// 0 to 100 inclusive, at most 4 decimal places by value.
    public static func discountPercent(_ value: ScaledDecimal) -> String? {
        if value.units < 0 || value > ScaledDecimal(units: 100, scale: 0) { return "must be 0 to 100" }
        if value.rescaled(to: min(value.scale, 4)) == nil { return "must have at most 4 decimal places" }
        return nil
    }

    /// Basis points 0…10000 (2000 = 20 %).
    public static func taxRate(_ value: Int) -> String? {
        (0...10_000).contains(value) ? nil : "must be 0 to 10000 basis points"
    }
}
