import Foundation

/// The body of `POST /v1/dunning/policies`.
struct NewDunningPolicyBody: RequestBody {
    var name: String
    var steps: [DunningStepBody]
    /// Make it the default policy (of every customer without one of its own).
    var isDefault: Bool?

    static let maximumLengths = ["name": 200]

    func validate(_ errors: inout FieldErrors) {
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("name", "must not be empty") }
        _ = DunningStepBody.policy(steps, &errors)
    }
}
