import Foundation
import RelanceCore
import Synchronization

/// The clock the queue reads "now" from.
///
/// In production it is the database's clock (`statement_timestamp()`), so hosts with skewed
/// clocks agree on when a job is due. Tests inject a `ManualClock` and move time themselves.
public struct QueueClock: Sendable {
    private let read: @Sendable () -> Date?

    /// The database's clock.
    public static let database = QueueClock { nil }

    /// A clock that reads `clock`.
    public static func manual(_ clock: ManualClock) -> QueueClock { QueueClock { clock.now } }

    private init(read: @escaping @Sendable () -> Date?) { self.read = read }

    /// The injected instant, or `nil` for the database's clock (sent as a NULL `$now`).
    var parameter: Date? { read() }

    /// The best local idea of now, for computing future instants (retry times).
    var now: Date { read() ?? Date() }
}

/// A clock tests move by hand.
public final class ManualClock: Sendable {
    private let value: Mutex<Date>

    public init(_ start: Date) { value = Mutex(start) }

    public var now: Date { value.withLock { $0 } }

    public func advance(by duration: Duration) {
        value.withLock { $0 = $0.addingTimeInterval(duration.inSeconds) }
    }

    public func set(_ date: Date) { value.withLock { $0 = date } }
}
