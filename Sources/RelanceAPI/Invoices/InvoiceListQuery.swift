import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// The query of `GET /v1/invoices`: filters, `sort` (`due_date` or `number`) and the page.
enum InvoiceListQuery {
    static func parse(_ request: Request) throws(Problem) -> (InvoiceFilter, PageRequest) {
        var errors = FieldErrors()
        var filter = InvoiceFilter()
        filter.status = QueryValue.choice(request, "status", &errors)
        filter.customerID = QueryValue.uuid(request, "customer_id", &errors)
        filter.overdueAsOf = QueryValue.date(request, "overdue_as_of", &errors)
        filter.dueFrom = QueryValue.date(request, "due_from", &errors)
        filter.dueTo = QueryValue.date(request, "due_to", &errors)
        filter.number = QueryValue.string(request, "number")
        filter.amountDueMin = QueryValue.integer(request, "amount_due_min", &errors)
        filter.amountDueMax = QueryValue.integer(request, "amount_due_max", &errors)
        filter.sort = QueryValue.choice(request, "sort", &errors) ?? .dueDate
        let page = PageRequest.from(request, maximum: 200, into: &errors)
        try errors.throwIfAny()
        return (filter, page)
    }

    /// A cursor position: the last invoice's id (36 characters), a space, and its sort key.
    static func position(_ text: String) -> (key: String, id: UUID)? {
        guard text.count >= 37, let id = UUID(uuidString: String(text.prefix(36))) else { return nil }
        return (String(text.dropFirst(37)), id)
    }
}
