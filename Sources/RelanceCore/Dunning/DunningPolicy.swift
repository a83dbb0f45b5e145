/// A dunning ladder: its steps in offset order.
public struct DunningPolicy: Sendable, Hashable {
    public var steps: [DunningStep]

    /// The ladder with its steps sorted by offset.
    public init(steps: [DunningStep]) {
        self.steps = steps.sorted { $0.offsetDays < $1.offsetDays }
    }

    /// The most steps a ladder may have.
    public static let maximumSteps = 20
    /// The offsets a step may have: a month before the due date to two years after.
    public static let offsets = -30...730

    /// Each problem as (field path, message); empty when the ladder can be used.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if steps.isEmpty { problems.append(("steps", "must have at least one step")) }
        if steps.count > Self.maximumSteps { problems.append(("steps", "must have at most \(Self.maximumSteps) steps")) }
        var seen = Set<Int>()
        for (index, step) in steps.enumerated() {
            let field = "steps[\(index)]"
            if !Self.offsets.contains(step.offsetDays) {
                problems.append(("\(field).offset_days", "must be \(Self.offsets.lowerBound) to \(Self.offsets.upperBound)"))
            }
            if !seen.insert(step.offsetDays).inserted {
                problems.append(("\(field).offset_days", "must differ from every other step's (\(step.offsetDays) is used twice)"))
            }
            if !Self.isTemplateName(step.template) {
                problems.append(("\(field).template", "must be 1 to 64 characters: lower-case letters, digits, _ and -"))
            }
            if step.action == .agencyHandoff && step.channel != .task {
                problems.append(("\(field).channel", "must be task for an agency_handoff step"))
            }
            if step.action == .callTask && step.channel != .task {
                problems.append(("\(field).channel", "must be task for a call_task step"))
            }
            if step.offsetDays < 0 && step.action != nil {
                problems.append(("\(field).action", "must be absent on a step before the due date"))
            }
        }
        return problems
    }

    static func isTemplateName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    /// The ladder every new tenant starts with (French B2B practice): J-5 courtesy reminder,
    /// J+1 reminder, J+8 firmer reminder, J+15 phone-call task, J+30 formal notice (a letter),
    /// J+45 last notice before collection, J+90 agency hand-off.
    public static let frenchB2BDefault = DunningPolicy(steps: [
        DunningStep(offsetDays: -5, channel: .email, template: "courtesy", tone: .courtesy),
        DunningStep(offsetDays: 1, channel: .email, template: "reminder", tone: .reminder),
        DunningStep(offsetDays: 8, channel: .email, template: "firm_reminder", tone: .firm),
        DunningStep(offsetDays: 15, channel: .task, template: "call", tone: .firm, action: .callTask),
        DunningStep(offsetDays: 30, channel: .letter, template: "formal_notice", tone: .final, action: .formalNotice),
        DunningStep(offsetDays: 45, channel: .email, template: "last_notice", tone: .final),
        DunningStep(offsetDays: 90, channel: .task, template: "agency_handoff", tone: .final, action: .agencyHandoff),
    ])
}
