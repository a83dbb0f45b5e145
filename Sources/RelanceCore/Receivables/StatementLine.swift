/// A statement line: a movement and the balance right after it.
public struct StatementLine: Sendable, Hashable {
    public var movement: StatementMovement
    public var balance: Int64

    /// The value with these fields, as given (no checks).
    public init(movement: StatementMovement, balance: Int64) {
        self.movement = movement
        self.balance = balance
    }
}
