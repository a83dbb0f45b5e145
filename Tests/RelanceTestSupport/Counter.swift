import Synchronization

/// A thread-safe integer for tests that count from concurrent tasks.
public final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    public func add(_ amount: Int = 1) { value.add(amount, ordering: .relaxed) }
    public func max(_ candidate: Int) { value.max(candidate, ordering: .relaxed) }
    public var current: Int { value.load(ordering: .relaxed) }
}
