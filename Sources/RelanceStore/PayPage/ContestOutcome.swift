/// What contesting an invoice from its pay page did (`PayPageStore.contest`).
public enum ContestOutcome: Sendable, Equatable {
    /// A dispute was opened for all the invoice owes; the invoice is `disputed`.
    case opened
    /// The invoice was already disputed: nothing was written.
    case alreadyContested
    /// Nothing is owed on the invoice any more (it is paid): nothing was written.
    case notContestable
    /// The token is malformed, unknown or revoked.
    case notFound
}
