import Synchronization

/// Coordinates one operation on a connection thread with the cancellation of its task.
///
/// A cancel that arrives before the operation starts stops it from starting; one that arrives
/// while it runs sends `PQcancel` (under the lock, so the request cannot outlive the operation
/// and hit the next one); one that arrives after it finished does nothing.
final class OperationToken: Sendable {
    private enum State { case pending, running, cancelled, finished }
    private let state = Mutex(State.pending)

    /// Marks the operation started; false if it was cancelled first.
    func begin() -> Bool {
        state.withLock { state in
            guard state == .pending else { return false }
            state = .running
            return true
        }
    }

    func end() {
        state.withLock { $0 = .finished }
    }

    func cancel(whileRunning sendCancel: () -> Void) {
        state.withLock { state in
            switch state {
            case .pending:
                state = .cancelled
            case .running:
                state = .cancelled
                sendCancel()
            case .cancelled, .finished:
                break
            }
        }
    }
}
