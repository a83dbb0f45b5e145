import Foundation
import Hummingbird
import RelanceCore

/// Cursor positions of lists ordered by a date then an id, newest first (payments, credit
/// notes): `"<id> <YYYY-MM-DD>"`, opaque to callers like every `Cursor`.
enum DatedCursor {
    static func position(_ date: CalendarDate, _ id: String) -> String { "\(id) \(date)" }

    static func parse(_ text: String) -> (date: CalendarDate, id: UUID)? {
        guard text.count == 47, let id = UUID(uuidString: String(text.prefix(36))), let date = CalendarDate(String(text.dropFirst(37))) else {
            return nil
        }
        return (date, id)
    }

    /// The query of such a list: `?customer_id=`, `?limit=`, `?cursor=`, every bad one named.
    static func customerListQuery(_ request: Request) throws(Problem) -> (customerID: UUID?, page: PageRequest, after: (CalendarDate, UUID)?) {
        var errors = FieldErrors()
        let customerID = QueryValue.uuid(request, "customer_id", &errors)
        let page = PageRequest.from(request, maximum: 200, into: &errors)
        try errors.throwIfAny()
        let after = try page.position(parse)
        return (customerID, page, after.map { ($0.date, $0.id) })
    }

    /// The query of such a list that also filters by `?status=` (one of `Status`'s values).
    static func customerStatusListQuery<Status: RawRepresentable & CaseIterable>(
        _ request: Request
    ) throws(Problem) -> (customerID: UUID?, status: Status?, page: PageRequest, after: (CalendarDate, UUID)?) where Status.RawValue == String {
        var errors = FieldErrors()
        let customerID = QueryValue.uuid(request, "customer_id", &errors)
        let status: Status? = QueryValue.choice(request, "status", &errors)
        let page = PageRequest.from(request, maximum: 200, into: &errors)
        try errors.throwIfAny()
        let after = try page.position(parse)
        return (customerID, status, page, after.map { ($0.date, $0.id) })
    }
}
