/// A failure of the tests' own machinery (a peer that does not start, a tool that fails).
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
