/// Chronic late payers: a customer whose last `window` paid invoices were paid on average
/// more than `thresholdDays` days after their due dates moves to the tenant's stricter policy,
/// and back once its average is at or under the threshold again.
public enum ChronicLateness: Sendable, Hashable {
    /// The customer becomes chronic (or stops being), with the figures that decided it.
    case enter(averageDaysLate: Double, invoices: Int)
    case leave(averageDaysLate: Double, invoices: Int)

    /// The change for a customer whose paid invoices were `daysLate` days late (newest first;
    /// early payments count 0), or nil when nothing changes. Fewer than `window` paid invoices:
    /// no judgement yet (a customer is never chronic on one bad invoice).
    public static func evaluate(daysLate: [Int], window: Int, thresholdDays: Int, isChronic: Bool) -> ChronicLateness? {
        let recent = daysLate.prefix(window).map { max(0, $0) }
        guard window > 0, recent.count == window else { return nil }
        let sum = recent.reduce(0, +)
        let average = Double(sum) / Double(window)
        let over = sum > thresholdDays * window       // average > threshold, exactly in integers
        if over && !isChronic { return .enter(averageDaysLate: average, invoices: window) }
        if !over && isChronic { return .leave(averageDaysLate: average, invoices: window) }
        return nil
    }
}
