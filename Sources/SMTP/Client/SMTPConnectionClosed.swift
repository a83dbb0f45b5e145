/// The server closed the connection while a reply was awaited (the `underlying` error of
/// `SMTPError.connection`).
public struct SMTPConnectionClosed: Error, Sendable, CustomStringConvertible {
    /// The step whose reply was awaited.
    public var command: String

    public var description: String { "the server closed the connection during \(command)" }
}
