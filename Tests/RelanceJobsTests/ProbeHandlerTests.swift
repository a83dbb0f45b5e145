import Foundation
import RelanceCore
import RelanceJobs
import RelanceStore
import Testing

@Suite struct ProbeHandlerTests {
    private func job(_ payload: String) throws -> ClaimedJob {
        ClaimedJob(id: 1, tenant: try TenantSlug("acme"), kind: ProbeHandler.kind, payload: payload)
    }

    @Test(arguments: [
        ("{}", JobResult.completed),
        ("{\"delay_ms\": 1}", .completed),
        ("{\"fail\": \"boom\"}", .retry(reason: "boom")),
    ])
    func outcomes(payload: String, expected: JobResult) async throws {
        #expect(try await ProbeHandler().run(job(payload)) == expected)
    }

    @Test func badPayloadIsDiscardedNotRetried() async throws {
        let result = try await ProbeHandler().run(job("{\"delay_ms\": \"soon\"}"))
        guard case .discard(let reason) = result else { Issue.record("expected discard, got \(result)"); return }
        #expect(reason.contains("probe payload"))
    }

    @Test func aLongDelayEndsWhenCancelled() async throws {
        let task = Task { try await ProbeHandler().run(try job("{\"delay_ms\": 600000}")) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
