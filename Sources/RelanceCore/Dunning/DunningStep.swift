/// One rung of a dunning ladder: what happens `offsetDays` after an invoice's due date
/// (before it when negative).
public struct DunningStep: Sendable, Hashable, Codable {
    /// Days from the due date: −5 is five days before, 1 the day after.
    public var offsetDays: Int
    public var channel: DunningChannel
    /// The name of the template the delivery resolves (e.g. `reminder`).
    public var template: String
    public var tone: DunningTone
    public var action: DunningAction?

    /// The value with these fields, as given (no checks: `DunningPolicy.problems` checks a ladder).
    public init(offsetDays: Int, channel: DunningChannel, template: String, tone: DunningTone, action: DunningAction? = nil) {
        self.offsetDays = offsetDays
        self.channel = channel
        self.template = template
        self.tone = tone
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case offsetDays = "offset_days", channel, template, tone, action
    }

    /// The step's label in lists and logs: `J-5`, `J+1`.
    public var label: String { Self.label(offsetDays: offsetDays) }

    /// `J-5`, `J+1`: an offset as people write it.
    public static func label(offsetDays: Int) -> String { offsetDays < 0 ? "J\(offsetDays)" : "J+\(offsetDays)" }
}
