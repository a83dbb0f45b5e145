import Foundation
import Logging
import Synchronization
internal import CLibPQ

/// `OpaquePointer`s that only the connection's own thread dereferences.
struct UnsafeHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// One connection to PostgreSQL over libpq.
///
/// Threading: every libpq call for this connection runs on a `ConnectionThread` the
/// connection owns, in submission order; the calling task suspends (no cooperative thread
/// blocks) until the result is back. This is simpler to get right than driving libpq's
/// non-blocking API from an event loop, costs one thread hop per call (a few microseconds,
/// see docs/benchmarks.md), and one parked thread per open connection.
///
/// Cancelling the calling task cancels the statement in flight with `PQcancel`, sent from a
/// short-lived thread of its own (it opens a TCP connection to the server and waits, which
/// must not happen on a cooperative thread, and the connection's thread is busy with the
/// statement); the call then throws `CancellationError` and the connection stays usable.
///
/// A connection is used by one task at a time; `PostgresPool` hands them out exclusively.
public final class PostgresConnection: Sendable {
    /// A process-unique number for logs.
    public let id: Int
    let handle: UnsafeHandle
    let cancelHandle: UnsafeHandle?
    let thread: ConnectionThread
    let statements: StatementCache
    /// Set when the server sent `FATAL` to this idle session; it outlives the `PGconn`.
    let fatalNotice: FatalNoticeFlag
    private let closed = Atomic<Bool>(false)
    /// Whether an operation ran since the session state was last reset (see `PostgresSessionReset`).
    let sessionTouched = Atomic<Bool>(false)
    let logger: Logger

    private static let nextID = Atomic<Int>(1)

    private init(
        id: Int, handle: UnsafeHandle, thread: ConnectionThread, fatalNotice: FatalNoticeFlag, statementCacheCapacity: Int, logger: Logger
    ) {
        self.id = id
        self.fatalNotice = fatalNotice
        self.statements = StatementCache(capacity: statementCacheCapacity)
        self.handle = handle
        self.thread = thread
        self.cancelHandle = PQgetCancel(handle.pointer).map(UnsafeHandle.init)
        var logger = logger
        logger[metadataKey: "db.connection"] = "\(id)"
        self.logger = logger
    }

    deinit {
        if !closed.load(ordering: .acquiring) {
            let handle = self.handle
            let cancel = self.cancelHandle
            _ = thread.submit {
                if let cancel { PQfreeCancel(cancel.pointer) }
                PQfinish(handle.pointer)
            }
            thread.stop()
        }
    }

    /// Opens a connection.
    /// - Throws: `PostgresError.connectionFailed` with libpq's reason (unreachable, auth, TLS, bad conninfo).
    public static func connect(
        configuration: PostgresConfiguration,
        logger: Logger = Logger(label: "postgres")
    ) async throws -> PostgresConnection {
        try configuration.validate()
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let thread = ConnectionThread(name: "postgres-\(id)")
        let fatalNotice = FatalNoticeFlag()
        let result = try await thread.run { open(configuration, fatalNotice: fatalNotice) }
        switch result {
        case .success(let handle):
            return PostgresConnection(id: id, handle: handle, thread: thread, fatalNotice: fatalNotice,
                                      statementCacheCapacity: configuration.statementCacheCapacity, logger: logger)
        case .failure(let error):
            thread.stop()
            throw error
        }
    }

    /// Opens a `PGconn` (blocking; call it on the thread that will own it) and installs
    /// `fatalNotice` as its notice receiver. `fatalNotice` must outlive the `PGconn`.
    static func open(_ configuration: PostgresConfiguration, fatalNotice: FatalNoticeFlag) -> Result<UnsafeHandle, PostgresError> {
        let parameters = configuration.connectParameters()
        let keywords = parameters.map(\.0)
        let values = parameters.map(\.1)
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { return .failure(.connectionFailed(reason: "out of memory")) }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = lastErrorMessage(connection)
            PQfinish(connection)
            return .failure(.connectionFailed(reason: reason))
        }
        fatalNotice.install(on: connection)
        return .success(UnsafeHandle(pointer: connection))
    }

    /// Closes the connection; later calls throw `connectionClosed`. Safe to call twice.
    public func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let handle = self.handle
        let cancel = self.cancelHandle
        _ = try? await thread.run {
            if let cancel { PQfreeCancel(cancel.pointer) }
            PQfinish(handle.pointer)
        }
        thread.stop()
    }

    /// Whether an operation ran since the session was last reset (`PostgresSessionReset`).
    var mayHoldSessionState: Bool { sessionTouched.load(ordering: .relaxed) }

    /// Records that the session was just reset.
    func markSessionReset() { sessionTouched.store(false, ordering: .relaxed) }

    /// Whether `close()` was called.
    public var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// The server's process id for this session (as in `pg_stat_activity.pid`).
    public var backendPID: Int32 { PQbackendPID(handle.pointer) }

    /// Checks, without blocking, that the connection is alive and outside any transaction.
    ///
    /// Reads whatever the server sent meanwhile (a restarted or terminated server leaves an
    /// error and EOF), so a dead connection is found before it is handed out. Only call it
    /// while no operation is running on this connection.
    public func isReusable() -> Bool {
        guard !isClosed else { return false }
        let connection = handle.pointer
        guard PQstatus(connection) == CONNECTION_OK, PQtransactionStatus(connection) == PQTRANS_IDLE else { return false }
        // An idle session has nothing to say; readable input means a notice, a notification,
        // or (usually) a FATAL message followed by EOF. Read until EOF shows or input stops;
        // the FATAL alone is enough (`FatalNoticeFlag`).
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        var reads = 0
        while poll(&descriptor, 1, 0) > 0 && reads < 4 {
            let consumed = PQconsumeInput(connection) == 1
            // PQconsumeInput only reads; PQisBusy parses, handing a FATAL to the receiver.
            _ = PQisBusy(connection)
            guard consumed, !fatalNotice.isRaised else { return false }
            reads += 1
        }
        return PQstatus(connection) == CONNECTION_OK
    }

    /// Runs `body` with the raw `PGconn` on the connection's thread, cancellable by the calling task.
    func perform<T: Sendable>(
        cancellable: Bool = true,
        _ body: @escaping @Sendable (OpaquePointer) throws(PostgresError) -> T
    ) async throws -> T {
        guard !isClosed else { throw PostgresError.connectionClosed(reason: "the connection was closed") }
        sessionTouched.store(true, ordering: .relaxed)
        let connection = handle.pointer
        let handle = UnsafeHandle(pointer: connection)
        guard cancellable else {
            return try await thread.run { try body(handle.pointer) }
        }
        let token = OperationToken()
        let cancelHandle = self.cancelHandle
        do {
            return try await withTaskCancellationHandler {
                try await thread.run {
                    guard token.begin() else { throw CancellationError() }
                    defer { token.end() }
                    return try body(handle.pointer)
                }
            } onCancel: {
                token.cancel { sent in
                    guard let cancelHandle else { return sent() }
                    let connectionID = id
                    let thread = Thread {
                        Thread.current.threadDictionary[PostgresConnection.cancelThreadKey] = connectionID
                        var buffer = [CChar](repeating: 0, count: 256)
                        _ = PQcancel(cancelHandle.pointer, &buffer, Int32(buffer.count))
                        PostgresConnection.cancelObserver.withLock { $0 }?(connectionID)
                        sent()
                    }
                    thread.name = "pgcancel-\(connectionID)"
                    thread.stackSize = 1 << 18
                    thread.start()
                }
            }
        } catch let error as PostgresError where error.sqlState == SQLState.queryCanceled && Task.isCancelled {
            throw CancellationError()
        }
    }
}

extension PostgresConnection {
    /// Test hook: called on the thread that sent a `PQcancel`, with the connection's id.
    static let cancelObserver = Mutex<(@Sendable (Int) -> Void)?>(nil)
    /// Set in the `threadDictionary` of a thread that sends `PQcancel`, to the connection's id.
    static let cancelThreadKey = "postgres.cancel-thread"
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = duplicates.map { UnsafePointer($0) }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
