import Foundation

/// A dedicated OS thread that runs the blocking libpq calls of one connection, in order.
///
/// libpq's `PGconn` is not thread-safe and its calls block until the server answers. Running
/// them here keeps them off Swift's cooperative thread pool (whose few threads must never
/// block) without driving libpq's non-blocking API by hand. The cost is one parked thread
/// per open connection, which a bounded pool keeps small.
final class ConnectionThread: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    // `jobs` and `stopping` are guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopping = false

    init(name: String) {
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues `job`; returns false if the thread is stopping and will not run it.
    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Runs `body` on the thread and returns its result to the caller.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let queued = submit {
                continuation.resume(with: Result { try body() })
            }
            if !queued {
                continuation.resume(throwing: PostgresError.connectionClosed(reason: "the connection was closed"))
            }
        }
    }

    /// Lets queued jobs finish, then ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        var batch: [Job] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping {
                condition.wait()
            }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job() }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
