/// Every reason a set of explicit allocations was refused, in request order (a sum beyond
/// the payment last).
public struct AllocationErrors: Error, Sendable, Hashable {
    public var errors: [AllocationError]

    /// The value with these fields, as given (no checks).
    public init(errors: [AllocationError]) {
        self.errors = errors
    }
}
