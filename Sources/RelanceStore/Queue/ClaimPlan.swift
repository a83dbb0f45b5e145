/// What one claim round asks for: per-kind-limited claims first, then one claim for every
/// other kind, never more jobs in total than the free slots (capped by the batch size).
struct ClaimPlan: Sendable {
    struct Claim: Sendable, Equatable {
        var limit: Int
        var kinds: [String]
    }

    var claims: [Claim]
    /// The last tenant served: the next claim starts after it (round-robin).
    var cursor: String
    var pending: [Completion] = []

    var total: Int { claims.reduce(0) { $0 + $1.limit } }

    init(running: Int, runningByKind: [String: Int], cursor: String, configuration: JobWorkerConfiguration, kinds: some Collection<String>) {
        var free = min(configuration.concurrency - running, configuration.claimBatch)
        var claims: [Claim] = []
        for kind in kinds.filter({ configuration.kindLimits[$0] != nil }).sorted() {
            let room = (configuration.kindLimits[kind] ?? 0) - runningByKind[kind, default: 0]
            let limit = min(free, room)
            if limit > 0 {
                claims.append(Claim(limit: limit, kinds: [kind]))
                free -= limit
            }
        }
        let unlimited = kinds.filter { configuration.kindLimits[$0] == nil }.sorted()
        if free > 0 && !unlimited.isEmpty { claims.append(Claim(limit: free, kinds: unlimited)) }
        self.claims = claims
        self.cursor = cursor
    }

    init(state: JobWorker.State, configuration: JobWorkerConfiguration, kinds: some Collection<String>) {
        self.init(running: state.running.count, runningByKind: state.runningByKind, cursor: state.tenantCursor,
                  configuration: configuration, kinds: kinds)
    }

    func with(pending: [Completion]) -> ClaimPlan {
        var plan = self
        plan.pending = pending
        return plan
    }

    /// Orders tenants as the claim serves them: those after the cursor, then the rest.
    func rotationKey(_ tenant: String) -> RotationKey {
        RotationKey(wrapped: tenant <= cursor, tenant: tenant)
    }

    struct RotationKey: Comparable {
        var wrapped: Bool
        var tenant: String
        static func < (a: RotationKey, b: RotationKey) -> Bool {
            a.wrapped != b.wrapped ? !a.wrapped : a.tenant < b.tenant
        }
    }
}
