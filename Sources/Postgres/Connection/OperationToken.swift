import Foundation
import Synchronization

/// Coordinates one operation on a connection thread with the cancellation of its task.
///
/// A cancel that arrives before the operation starts stops it from starting; one that arrives
/// while it runs starts sending `PQcancel` on another thread, and the operation's `end()`
/// waits until that request was delivered, so it cannot outlive the operation and hit the
/// next one on the connection; one that arrives after it finished does nothing.
final class OperationToken: Sendable {
    private enum State { case pending, running, cancelling, cancelled, finished }
    private let state = Mutex(State.pending)
    /// Signalled when a cancel request was delivered; `end()` waits on it while `cancelling`.
    private let delivered = NSCondition()

    /// Marks the operation started; false if it was cancelled first.
    func begin() -> Bool {
        state.withLock { state in
            guard state == .pending else { return false }
            state = .running
            return true
        }
    }

    /// Marks the operation finished, first waiting for a cancel request being sent (it runs
    /// on the connection's own thread, which may block).
    func end() {
        delivered.lock()
        defer { delivered.unlock() }
        // Check and finish in one step: a cancel arriving between the two would otherwise
        // send its request after the operation ended, into the next statement.
        while !state.withLock({ state -> Bool in
            guard state != .cancelling else { return false }
            state = .finished
            return true
        }) {
            delivered.wait()
        }
    }

    /// Cancels the operation. While it runs, calls `send` (which must not block: it starts the
    /// request elsewhere) with the function to call once the request was delivered.
    func cancel(whileRunning send: (@escaping @Sendable () -> Void) -> Void) {
        let start = state.withLock { state -> Bool in
            switch state {
            case .pending:
                state = .cancelled
                return false
            case .running:
                state = .cancelling
                return true
            case .cancelling, .cancelled, .finished:
                return false
            }
        }
        guard start else { return }
        send { [self] in
            delivered.lock()
            state.withLock { $0 = .cancelled }
            delivered.broadcast()
            delivered.unlock()
        }
    }
}
