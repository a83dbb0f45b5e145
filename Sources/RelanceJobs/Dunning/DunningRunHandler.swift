import Foundation
import RelanceCore
import RelanceStore

/// `dunning.run`: one tenant's daily dunning run (`DunningRunner`), for the day its payload
/// names: the scheduler's `occurrence` (a local timestamp, so a job that runs after midnight
/// still runs its own day) or `as_of`; neither: the tenant's today.
///
/// A scheduled run (its payload names a `schedule`) does nothing while the tenant's
/// `automatic_dunning` is off; manual runs (`POST /v1/dunning/runs`) are not jobs. A day
/// already passed by a later run, or not yet reached, completes without running: runs only
/// move forward, and the runner replays every missed day on the next one.
public struct DunningRunHandler: JobHandler {
    public static let kind = "dunning.run"
    public var kind: String { Self.kind }
    let runner: DunningRunner

    public init(database: TenantDatabase) { runner = DunningRunner(database: database) }

    struct Payload: Decodable {
        var schedule: String?
        var occurrence: String?
        var asOf: String?

        enum CodingKeys: String, CodingKey {
            case schedule, occurrence
            case asOf = "as_of"
        }
    }

    public func run(_ job: ClaimedJob) async throws -> JobResult {
        let payload: Payload
        do {
            payload = try job.decodePayload(as: Payload.self)
        } catch {
            return .discard(reason: "payload is not a dunning.run payload: \(error)")
        }
        let text = payload.occurrence.map { String($0.prefix(10)) } ?? payload.asOf
        let day = text.flatMap(CalendarDate.init)
        if text != nil && day == nil { return .discard(reason: "the payload's date \(text ?? "") is not YYYY-MM-DD") }
        if payload.schedule != nil, !(try await runner.isAutomatic(job.tenant)) { return .completed }
        do {
            _ = try await runner.run(job.tenant, asOf: day, dryRun: false, actor: "worker:\(Self.kind)")
        } catch ReceivablesError.conflict(field: "as_of", _) {
            return .completed
        }
        return .completed
    }
}
