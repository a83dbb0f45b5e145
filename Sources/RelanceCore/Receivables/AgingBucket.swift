/// How overdue an amount is, by whole days past its due date.
public enum AgingBucket: String, Sendable, CaseIterable, Codable {
    case current
    case days1To30 = "1_30"
    case days31To60 = "31_60"
    case days61To90 = "61_90"
    case over90 = "over_90"

    /// The bucket of an amount due on `dueDate`, seen on `asOf`: `current` while not yet past
    /// due (`asOf ≤ dueDate`, so the due date itself is current); `1_30` when 1…30 days past
    /// due; `31_60` 31…60; `61_90` 61…90; `over_90` 91 and more.
    public static func of(dueDate: CalendarDate, asOf: CalendarDate) -> AgingBucket {
        switch asOf.days(since: dueDate) {
        case ...0: .current
        case 1...30: .days1To30
        case 31...60: .days31To60
        case 61...90: .days61To90
        default: .over90
        }
    }
}
