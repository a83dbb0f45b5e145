import Foundation
import RelanceCore
import RelanceStore

/// A dunning policy as the API returns it.
struct DunningPolicyDTO: Encodable {
    struct Step: Encodable {
        var offsetDays: Int
        var label: String
        var channel: String
        var template: String
        var tone: String
        var action: String?
    }

    var id: String
    var name: String
    var isDefault: Bool
    var steps: [Step]
    /// Customers that follow it by name (not those following the default).
    var customerCount: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ stored: StoredDunningPolicy) {
        id = stored.id.uuidString.lowercased()
        name = stored.name
        isDefault = stored.isDefault
        steps = stored.policy.steps.map {
            Step(offsetDays: $0.offsetDays, label: $0.label, channel: $0.channel.rawValue, template: $0.template,
                 tone: $0.tone.rawValue, action: $0.action?.rawValue)
        }
        customerCount = stored.customerCount
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
    }
}
