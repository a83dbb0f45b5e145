import RelanceCore

/// A ladder step in a request: `{"offset_days", "channel", "template", "tone", "action"?}`.
struct DunningStepBody: RequestBody {
    var offsetDays: Int
    var channel: DunningChannel
    var template: String
    var tone: DunningTone
    var action: DunningAction?

    static let maximumLengths = ["template": 64]

    var step: DunningStep { DunningStep(offsetDays: offsetDays, channel: channel, template: template, tone: tone, action: action) }

    /// The ladder of `steps`, or its problems added to `errors` (field paths under `field`).
    static func policy(_ steps: [DunningStepBody], field: String = "", _ errors: inout FieldErrors) -> DunningPolicy? {
        // Problems name the steps as sent, not as sorted.
        let policy = DunningPolicy(steps: steps.map(\.step))
        let sorted = steps.enumerated().sorted { $0.element.offsetDays < $1.element.offsetDays }.map(\.offset)
        var found = false
        for problem in policy.problems {
            found = true
            var path = problem.field
            if path.hasPrefix("steps["), let close = path.firstIndex(of: "]"),
               let index = Int(path[path.index(path.startIndex, offsetBy: 6)..<close]), index < sorted.count {
                path = "steps[\(sorted[index])]" + path[path.index(after: close)...]
            }
            errors.add(path, problem.message)
        }
        return found ? nil : policy
    }
}
