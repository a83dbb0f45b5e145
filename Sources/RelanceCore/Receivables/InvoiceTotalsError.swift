/// Why invoice totals cannot be computed: an amount does not fit in 64-bit minor units.
/// `line` is the 0-based index of the line whose total overflows, or nil when only a sum
/// (subtotal, a tax base or amount, the tax total or the total) does.
public enum InvoiceTotalsError: Error, Sendable, Hashable {
    case overflow(line: Int?)
}
