/// A setting that is missing or malformed, naming the variable and what it expects.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var variable: String
    public var value: String?
    public var expected: String

    public init(variable: String, value: String?, expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }

    public var description: String {
        if let value { return "\(variable)=\"\(value)\" is invalid: expected \(expected)" }
        return "\(variable) is not set: expected \(expected)"
    }
}
