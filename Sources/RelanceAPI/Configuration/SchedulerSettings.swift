import Foundation

/// Settings of relance-scheduler (see docs/operations.md).
public struct SchedulerSettings: Sendable {
    /// How often the leader looks for due occurrences.
    public var tick: Duration

    init(environment: [String: String], reader: inout Settings.Reader) {
        tick = .milliseconds(reader.integer("RELANCE_SCHEDULER_TICK_MS", default: 1000, range: 50...60_000))
    }
}
