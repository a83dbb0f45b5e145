/// How firm a reminder is, from the friendly word before the due date to the last one
/// before collection. Ordered: a grouped message takes its most severe step's tone.
public enum DunningTone: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case courtesy, reminder, firm, final

    public static func < (lhs: DunningTone, rhs: DunningTone) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
