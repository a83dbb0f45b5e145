/// A failure of the tests' own machinery (a peer that does not start, a tool that fails).
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
