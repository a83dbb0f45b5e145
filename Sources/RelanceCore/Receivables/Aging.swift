/// An aged balance: amounts due summed per `AgingBucket`, and their total, in minor units.
public struct Aging: Sendable, Hashable {
    public var current, days1To30, days31To60, days61To90, over90: Int64
    /// The sum of the five buckets.
    public var total: Int64

    /// Sums each item's `amountDue` into the bucket `AgingBucket.of(dueDate:asOf:)` gives
    /// (zero and negative amounts included as they are).
    public init(items: [(dueDate: CalendarDate, amountDue: Int64)], asOf: CalendarDate) {
        (current, days1To30, days31To60, days61To90, over90, total) = (0, 0, 0, 0, 0, 0)
        for item in items {
            switch AgingBucket.of(dueDate: item.dueDate, asOf: asOf) {
            case .current: current += item.amountDue
            case .days1To30: days1To30 += item.amountDue
            case .days31To60: days31To60 += item.amountDue
            case .days61To90: days61To90 += item.amountDue
            case .over90: over90 += item.amountDue
            }
            total += item.amountDue
        }
    }

    /// The amount in `bucket`.
    public subscript(bucket: AgingBucket) -> Int64 {
        switch bucket {
        case .current: current
        case .days1To30: days1To30
        case .days31To60: days31To60
        case .days61To90: days61To90
        case .over90: over90
        }
    }
}
