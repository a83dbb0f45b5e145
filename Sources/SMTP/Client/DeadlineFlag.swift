import Synchronization

/// Set once by a deadline's timer, read by the task that waited.
final class DeadlineFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
