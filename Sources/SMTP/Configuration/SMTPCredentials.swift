/// A user name and password for SMTP AUTH (PLAIN or LOGIN).
///
/// Neither `description` nor `debugDescription` shows the password.
public struct SMTPCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "\(username):***" }
    public var debugDescription: String { description }
}
