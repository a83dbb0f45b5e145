@testable import RelanceStore
import Testing

@Suite struct ClaimPlanTests {
    private func plan(running: Int = 0, byKind: [String: Int] = [:], concurrency: Int = 10, batch: Int = 100,
                      limits: [String: Int] = [:], kinds: [String] = ["a", "b"]) -> ClaimPlan {
        ClaimPlan(running: running, runningByKind: byKind, cursor: "",
                  configuration: JobWorkerConfiguration(concurrency: concurrency, claimBatch: batch, kindLimits: limits), kinds: kinds)
    }

    @Test func aClaimNeverTakesMoreThanTheFreeSlotsOrTheBatch() {
        #expect(plan().claims == [.init(limit: 10, kinds: ["a", "b"])])
        #expect(plan(running: 7).claims == [.init(limit: 3, kinds: ["a", "b"])])
        #expect(plan(running: 10).claims.isEmpty)
        #expect(plan(concurrency: 500, batch: 200).total == 200)
    }

    @Test func limitedKindsGetTheirRoomFirstAndTheRestGoesToTheOthers() {
        let limited = plan(byKind: ["a": 1], limits: ["a": 3])
        #expect(limited.claims == [.init(limit: 2, kinds: ["a"]), .init(limit: 8, kinds: ["b"])])
        let full = plan(running: 3, byKind: ["a": 3], limits: ["a": 3])
        #expect(full.claims == [.init(limit: 7, kinds: ["b"])], "a kind at its limit is not claimed")
        let onlyLimited = plan(limits: ["a": 20, "b": 20])
        #expect(onlyLimited.total == 10, "limits never exceed the free slots")
    }

    @Test func tenantsAfterTheCursorComeFirstThenTheRestInOrder() {
        var plan = plan()
        plan.cursor = "m"
        let order = ["a", "m", "n", "z"].sorted { plan.rotationKey($0) < plan.rotationKey($1) }
        #expect(order == ["n", "z", "a", "m"])
    }
}
