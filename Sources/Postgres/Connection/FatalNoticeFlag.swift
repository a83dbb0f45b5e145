import Synchronization
internal import CLibPQ

/// Records that the server sent a `FATAL` message to an idle session.
///
/// A terminated backend (`pg_terminate_backend`, a shutting-down server) first sends `FATAL`,
/// then closes its socket a moment later. libpq hands an error that arrives while the session
/// is idle to the notice receiver; this flag is that receiver's memory, so the connection is
/// known to be dead from the first message on, not only once EOF shows.
final class FatalNoticeFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Whether a `FATAL` or `PANIC` message has arrived.
    var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// Installs the receiver on `connection`. Other notices (e.g. "schema … already exists,
    /// skipping") are dropped: libpq would print them to stderr, breaking JSON-lines logs, and
    /// they carry no errors. The flag must outlive `connection`.
    func install(on connection: OpaquePointer) {
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result, let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))) else { return }
            switch String(cString: severity) {
            case "FATAL", "PANIC":
                Unmanaged<FatalNoticeFlag>.fromOpaque(context).takeUnretainedValue().raised.store(true, ordering: .releasing)
            default:
                break
            }
        }, Unmanaged.passUnretained(self).toOpaque())
    }
}
