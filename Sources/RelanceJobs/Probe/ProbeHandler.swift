import Foundation
import RelanceStore

/// `relance.probe`: a job that does nothing (or waits `delay_ms`), for operators to check
/// the pipeline end to end (`relance jobs enqueue --kind relance.probe …`, or a schedule in
/// `RELANCE_SCHEDULES`) and for the queue's own tests and benchmarks.
public struct ProbeHandler: JobHandler {
    public static let kind = "relance.probe"
    /// The longest wait a probe may ask for.
    public static let maximumDelay = Duration.seconds(600)

    public var kind: String { Self.kind }

    public init() {}

    /// `{"delay_ms": 250}` waits 250 ms (cancellable); `{"fail": "why"}` fails the attempt.
    public struct Payload: Codable, Sendable {
        public var delayMs: Int?
        public var fail: String?

        enum CodingKeys: String, CodingKey {
            case delayMs = "delay_ms"
            case fail
        }
    }

    public func run(_ job: ClaimedJob) async throws -> JobResult {
        let payload: Payload
        do {
            payload = try job.decodePayload(as: Payload.self)
        } catch {
            return .discard(reason: "payload is not a probe payload: \(error)")
        }
        if let delay = payload.delayMs, delay > 0 {
            try await Task.sleep(for: min(.milliseconds(delay), Self.maximumDelay))
        }
        if let reason = payload.fail { return .retry(reason: reason) }
        return .completed
    }
}
