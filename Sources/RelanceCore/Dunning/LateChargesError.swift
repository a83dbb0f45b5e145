/// Why late charges cannot be computed.
public enum LateChargesError: Error, Sendable, Hashable {
    /// No ECB reference rate is known for the half-year starting on that day (an operator
    /// adds it with `PUT /admin/v1/reference-rates/ecb_mro/{effective_date}`).
    case missingReferenceRate(halfYearStart: CalendarDate)
}
