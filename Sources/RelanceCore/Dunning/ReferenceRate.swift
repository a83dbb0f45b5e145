/// A published interest rate from the day it takes effect until the next one of its kind:
/// the ECB main refinancing rate, or the French taux d'intérêt légal for professionals.
public struct ReferenceRate: Sendable, Hashable {
    public var kind: ReferenceRateKind
    /// The first day it applies.
    public var effectiveOn: CalendarDate
    /// The rate in basis points: 215 = 2.15 %.
    public var basisPoints: Int

    /// The value with these fields, as given (no checks).
    public init(kind: ReferenceRateKind, effectiveOn: CalendarDate, basisPoints: Int) {
        self.kind = kind
        self.effectiveOn = effectiveOn
        self.basisPoints = basisPoints
    }

    /// The rate of `kind` in force on `day` among `rates` (the latest effective on or before
    /// it), or nil when none had taken effect by then.
    public static func inForce(_ kind: ReferenceRateKind, on day: CalendarDate, among rates: [ReferenceRate]) -> ReferenceRate? {
        rates.filter { $0.kind == kind && $0.effectiveOn <= day }.max { $0.effectiveOn < $1.effectiveOn }
    }
}
