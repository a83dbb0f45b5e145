import Dispatch

/// Runs blocking work (waiting for a child process, reading its output to the end) on a
/// Dispatch thread, off Swift's cooperative pool: that pool has one thread per core, and a
/// test blocking two of them on a 2-core machine stalls every other test of the run — or
/// deadlocks one whose child (a browser) waits for a server in this process.
public enum BlockingWork {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
