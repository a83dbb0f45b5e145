import Foundation
import RelanceCore
import RelanceStore

/// Settings of relance-scheduler (see docs/operations.md).
public struct SchedulerSettings: Sendable {
    /// How often the leader looks for due occurrences.
    public var tick: Duration
    /// What to enqueue and when, per tenant on the tenant's wall clock (`RELANCE_SCHEDULES`).
    ///
    /// Entries are separated by `;`, each `<kind>@<cron>`, e.g.
    /// `relance.probe@*/5 * * * *;report.weekly@0 7 * * 1`. The schedule is named after its
    /// kind, so a kind appears once. The cron has 5 fields, or 6 with a leading second.
    /// Unset: `defaultSchedules` (the daily dunning run at 07:00); set, even empty: exactly
    /// what it lists.
    public var schedules: [Schedule]

    /// What the scheduler runs when `RELANCE_SCHEDULES` is not set.
    public static let defaultSchedules = "dunning.run@0 7 * * *"

    init(environment: [String: String], reader: inout Settings.Reader) {
        tick = .milliseconds(reader.integer("RELANCE_SCHEDULER_TICK_MS", default: 1000, range: 50...60_000))
        schedules = []
        let text = environment["RELANCE_SCHEDULES"] ?? Self.defaultSchedules
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "@", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, NewJob.isValidKind(parts[0]) else {
                reader.problems.append(ConfigurationError(
                    variable: "RELANCE_SCHEDULES", value: entry,
                    expected: "<kind>@<cron> with a job kind matching ^[a-z][a-z0-9_.-]{0,99}$, e.g. report.weekly@0 7 * * 1"))
                continue
            }
            guard !schedules.contains(where: { $0.name == parts[0] }) else {
                reader.problems.append(ConfigurationError(variable: "RELANCE_SCHEDULES", value: entry,
                                                          expected: "each kind at most once (\(parts[0]) appears twice)"))
                continue
            }
            do {
                schedules.append(Schedule(cron: try CronSchedule(parts[1]), kind: parts[0]))
            } catch {
                reader.problems.append(ConfigurationError(variable: "RELANCE_SCHEDULES", value: entry, expected: "a valid cron: \(error)"))
            }
        }
    }
}
