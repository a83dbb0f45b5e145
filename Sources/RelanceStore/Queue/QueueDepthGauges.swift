import Metrics

/// `relance_jobs_depth{state, kind}`: unfinished jobs by state and kind. A label set that
/// disappears drops to 0 rather than keeping its last value.
struct QueueDepthGauges {
    private var seen: Set<Key> = []

    private struct Key: Hashable {
        var state: String
        var kind: String
    }

    mutating func update(_ depth: [JobDepth]) {
        var current: Set<Key> = []
        for row in depth {
            let key = Key(state: row.state.rawValue, kind: row.kind)
            current.insert(key)
            gauge(key).record(row.count)
        }
        for key in seen.subtracting(current) { gauge(key).record(0) }
        seen.formUnion(current)
    }

    private func gauge(_ key: Key) -> Gauge {
        Gauge(label: "relance_jobs_depth", dimensions: [("state", key.state), ("kind", key.kind)])
    }
}
