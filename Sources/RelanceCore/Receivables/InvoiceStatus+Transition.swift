extension InvoiceStatus {
    /// The status after `action`. `balance` is the invoice's balance after the action for
    /// `allocate` and `reverse` (the new balance), and as it stands before the action for
    /// `issue`, `void` and `write_off` (a write-off takes `balance.amountDue`, so it needs it > 0):
    ///
    /// - `issue`: draft → issued, or paid at once when nothing is due (a zero total) — i.e.
    ///   `issued.settled(by: balance)`; from any other status `notAllowed`;
    /// - `void`: draft or issued with `balance.settledAmount == 0` → void; draft, issued,
    ///   partially paid or paid with something settled → `hasAllocations`; otherwise
    ///   (paid at zero, void, written off) `notAllowed`;
    /// - `write_off`: issued or partially paid with `amountDue > 0` → written_off, with
    ///   `amountDue ≤ 0` → `nothingDue`; otherwise `notAllowed`;
    /// - `allocate` (money applied): issued or partially paid → `settled(by: balance)`; otherwise `notAllowed`;
    /// - `reverse` (an allocation undone): issued, partially paid or paid → `settled(by: balance)`;
    ///   written off stays written off; draft and void `notAllowed`.
    public func applying(_ action: InvoiceAction, balance: InvoiceBalance) throws(InvoiceTransitionError) -> InvoiceStatus {
        switch action {
        case .issue:
            guard self == .draft else { throw .notAllowed(action: action, from: self) }
            return InvoiceStatus.issued.settled(by: balance)
        case .void:
            switch self {
            case .draft, .issued, .partiallyPaid, .paid:
                if balance.settledAmount != 0 { throw .hasAllocations }
                guard self == .draft || self == .issued else { throw .notAllowed(action: action, from: self) }
                return .void
            case .void, .writtenOff:
                throw .notAllowed(action: action, from: self)
            }
        case .writeOff:
            guard isOpen else { throw .notAllowed(action: action, from: self) }
            guard balance.amountDue > 0 else { throw .nothingDue }
            return .writtenOff
        case .allocate:
            guard isOpen else { throw .notAllowed(action: action, from: self) }
            return settled(by: balance)
        case .reverse:
            switch self {
            case .issued, .partiallyPaid, .paid, .writtenOff: return settled(by: balance)
            case .draft, .void: throw .notAllowed(action: action, from: self)
            }
        }
    }
}
