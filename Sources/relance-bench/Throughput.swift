/// Runs a unit of work from several tasks for a fixed time and reports completions per second.
enum Throughput {
    static func measure(seconds: Int, tasks: Int, _ work: @escaping @Sendable () async throws -> Void) async throws -> Double {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let started = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    var done = 0
                    while ContinuousClock.now < deadline {
                        try await work()
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(total) / (milliseconds(ContinuousClock.now - started) / 1000)
    }

    static func milliseconds(_ duration: Duration) -> Double { duration / .milliseconds(1) }
}
