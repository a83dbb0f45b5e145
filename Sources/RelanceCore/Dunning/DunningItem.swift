import Foundation

/// One invoice in a reminder or task, with the step that put it there.
public struct DunningItem: Sendable, Hashable {
    public var invoiceID: UUID
    public var step: DunningStep

    public init(invoiceID: UUID, step: DunningStep) {
        self.invoiceID = invoiceID
        self.step = step
    }
}
