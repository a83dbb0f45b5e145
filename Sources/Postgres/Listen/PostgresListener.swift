import Foundation
import Logging
import Synchronization
internal import CLibPQ

/// What a `PostgresListener` delivers.
public enum PostgresListenerEvent: Sendable, Equatable {
    /// A `NOTIFY` on one of the channels.
    case notification(channel: String, payload: String)
    /// The connection dropped and was re-established; notifications sent meanwhile were
    /// lost, so a consumer should look for work it may have missed.
    case reconnected
}

/// `LISTEN` on a dedicated connection, delivered as an `AsyncSequence`.
///
/// The connection lives on its own thread, which waits on the socket with `poll` (never on
/// Swift's cooperative pool). When the connection drops it reconnects with backoff, listens
/// again, and yields `.reconnected`. Stops when `stop()` is called or the consumer stops
/// iterating. The connection must be a direct one (a transaction-mode PgBouncer does not
/// forward notifications).
public final class PostgresListener: Sendable {
    public let channels: [String]
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let stopped = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let stream: AsyncStream<PostgresListenerEvent>
    private let continuation: AsyncStream<PostgresListenerEvent>.Continuation
    private let listeningFlag = Atomic<Bool>(false)
    private let sessions = Atomic<Int>(0)

    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger = Logger(label: "postgres.listener")) {
        precondition(!channels.isEmpty, "listen to at least one channel")
        self.configuration = configuration
        self.channels = channels
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: PostgresListenerEvent.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// The events, in order. Iterate it once.
    public var events: AsyncStream<PostgresListenerEvent> { stream }

    /// Whether `LISTEN` is in effect on a live connection right now.
    public var isListening: Bool { listeningFlag.load(ordering: .acquiring) }

    /// The number of connections on which `LISTEN` took effect so far (1 after `start()`, one
    /// more after each reconnection), read together with `isListening` by consumers that
    /// must know whether a notification may have been lost since they last looked: a value
    /// that changed means a connection dropped in between, even if `.reconnected` has not
    /// been delivered yet.
    public var session: Int { sessions.load(ordering: .acquiring) }

    /// Connects and starts listening on a background thread. Returns once the first
    /// `LISTEN` is in effect, so a `NOTIFY` sent after `start()` returns is never missed.
    /// - Throws: `PostgresError.connectionFailed` if the first connection fails.
    public func start() async throws {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        continuation.onTermination = { [weak self] _ in self?.stop() }
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in
                self.loop(ready: ready)
            }
            thread.name = "postgres-listener"
            thread.start()
        }
    }

    /// Stops listening; the event sequence finishes within a fraction of a second.
    public func stop() {
        stopped.store(true, ordering: .releasing)
    }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func loop(ready: CheckedContinuation<Void, any Error>) {
        var ready: CheckedContinuation<Void, any Error>? = ready
        var backoff = 0.05
        var everConnected = false
        while !isStopped {
            let connection: OpaquePointer
            let fatalNotice = FatalNoticeFlag()
            switch connectAndListen(fatalNotice: fatalNotice) {
            case .success(let handle):
                connection = handle.pointer
            case .failure(let error):
                if let first = ready {
                    ready = nil
                    first.resume(throwing: error)
                    continuation.finish()
                    return
                }
                logger.warning("listener could not reconnect; retrying", metadata: ["error": "\(error)", "retry_in_s": "\(backoff)"])
                sleepUnlessStopped(seconds: backoff)
                backoff = min(backoff * 2, 5)
                continue
            }
            backoff = 0.05
            _ = sessions.add(1, ordering: .acquiringAndReleasing)
            listeningFlag.store(true, ordering: .releasing)
            if let first = ready {
                ready = nil
                first.resume()
            } else if everConnected {
                logger.info("listener reconnected")
                continuation.yield(.reconnected)
            }
            everConnected = true
            receive(on: connection, fatalNotice: fatalNotice)
            listeningFlag.store(false, ordering: .releasing)
            withExtendedLifetime(fatalNotice) { PQfinish(connection) }
        }
        continuation.finish()
    }

    private func connectAndListen(fatalNotice: FatalNoticeFlag) -> Result<UnsafeHandle, PostgresError> {
        let connection: OpaquePointer
        switch PostgresConnection.open(configuration, fatalNotice: fatalNotice) {
        case .success(let handle): connection = handle.pointer
        case .failure(let error): return .failure(error)
        }
        let script = channels.map { "LISTEN " + PostgresIdentifier.quote($0) }.joined(separator: "; ")
        do {
            _ = try PostgresConnection.rows(from: PQexec(connection, script), connection: connection, textResults: true)
        } catch {
            PQfinish(connection)
            return .failure(error)
        }
        return .success(UnsafeHandle(pointer: connection))
    }

    /// Delivers notifications until the connection breaks or the listener stops.
    private func receive(on connection: OpaquePointer, fatalNotice: FatalNoticeFlag) {
        let socket = PQsocket(connection)
        while !isStopped {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno != EINTR { return }
            if ready > 0 {
                guard PQconsumeInput(connection) == 1 else {
                    logger.warning("listener connection lost", metadata: ["error": "\(PostgresConnection.lastErrorMessage(connection))"])
                    return
                }
                while let notify = PQnotifies(connection) {
                    let channel = String(cString: notify.pointee.relname)
                    let payload = String(cString: notify.pointee.extra)
                    PQfreemem(notify)
                    continuation.yield(.notification(channel: channel, payload: payload))
                }
            }
            if PQstatus(connection) != CONNECTION_OK { return }
            if fatalNotice.isRaised {
                logger.warning("listener connection lost", metadata: ["error": "the server ended the session"])
                return
            }
        }
    }

    private func sleepUnlessStopped(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isStopped && Date() < deadline {
            usleep(20_000)
        }
    }
}
