/// A customer statement: the opening balance, each movement with the running balance after
/// it (in the order given — sort them beforehand), and the closing balance (the opening
/// balance plus every amount; the opening balance when there are no movements).
public struct Statement: Sendable, Hashable {
    public var opening: Int64
    public var lines: [StatementLine]
    public var closing: Int64

    /// Runs the balance from `opening` through `movements`, in their order.
    public init(opening: Int64, movements: [StatementMovement]) {
        var balance = opening
        var lines: [StatementLine] = []
        lines.reserveCapacity(movements.count)
        for movement in movements {
            balance += movement.amount
            lines.append(StatementLine(movement: movement, balance: balance))
        }
        self.opening = opening
        self.lines = lines
        self.closing = balance
    }
}
