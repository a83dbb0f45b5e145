import Foundation
import RelanceCore
import RelanceStore

/// The body of `PATCH /v1/webhooks/{id}`: each field absent (kept) or a value; only
/// `description` can be null (cleared). `status: "active"` re-enables a disabled endpoint,
/// `"disabled"` stops its deliveries.
struct WebhookPatch: RequestBody {
    var url: Patch<String>
    var eventTypes: Patch<[String]>
    var description: Patch<String>
    var status: Patch<String>

    static let maximumLengths = ["url": WebhookURL.maximumLength, "description": 500]

    func validate(_ errors: inout FieldErrors) {
        func isNull<T>(_ patch: Patch<T>) -> Bool { if case .null = patch { true } else { false } }
        for (field, null) in [("url", isNull(url)), ("event_types", isNull(eventTypes)), ("status", isNull(status))] where null {
            errors.add(field, "cannot be null")
        }
        if let names = eventTypes.value { _ = NewWebhookBody.eventTypes(names, &errors) }
        if let status = status.value, WebhookEndpoint.Status(rawValue: status) == nil {
            errors.add("status", "must be active or disabled")
        }
    }

    /// The change, once the body is valid and its URL checked.
    var change: WebhookEndpointChange {
        var ignored = FieldErrors()
        return WebhookEndpointChange(
            url: url.value, eventTypes: eventTypes.value.map { NewWebhookBody.eventTypes($0, &ignored) },
            description: description.isPresent ? .some(description.value) : nil,
            status: status.value.flatMap(WebhookEndpoint.Status.init(rawValue:)))
    }
}
