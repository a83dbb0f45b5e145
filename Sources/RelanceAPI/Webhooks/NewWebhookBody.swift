import Foundation
import RelanceCore

/// The body of `POST /v1/webhooks`. The URL is checked against the policy by the route
/// (`WebhookRoutes.checkURL`), which knows the settings.
struct NewWebhookBody: RequestBody {
    var url: String
    var eventTypes: [String]
    var description: String?

    static let maximumLengths = ["url": WebhookURL.maximumLength, "description": 500]

    func validate(_ errors: inout FieldErrors) {
        _ = Self.eventTypes(eventTypes, &errors)
    }

    /// `names` as event types: at least one, each known, none twice; errors name
    /// `event_types` or `event_types[i]`.
    static func eventTypes(_ names: [String], _ errors: inout FieldErrors) -> [WebhookEventType] {
        if names.isEmpty { errors.add("event_types", "must list at least one event type: \(WebhookEventType.allNames)") }
        var types: [WebhookEventType] = []
        for (index, name) in names.enumerated() {
            guard let type = WebhookEventType(rawValue: name) else {
                errors.add("event_types[\(index)]", "is not a webhook event type; one of \(WebhookEventType.allNames)")
                continue
            }
            if types.contains(type) { errors.add("event_types[\(index)]", "appears twice") } else { types.append(type) }
        }
        return types
    }
}
