/// Which step an invoice gets when several are due at once (a long-late invoice first seen,
/// or days missed): the most advanced one, or the first not yet done.
public enum DunningCatchUp: String, Sendable, Hashable, CaseIterable, Codable {
    case mostAdvanced = "most_advanced"
    case firstNotDone = "first_not_done"
}
