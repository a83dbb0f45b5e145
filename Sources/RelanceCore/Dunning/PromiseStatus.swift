/// Where a promise to pay stands.
public enum PromiseStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case open, kept, broken, cancelled
}
