import Foundation

/// The body of `PATCH /v1/dunning/policies/{id}`: each field absent (kept) or a value.
struct DunningPolicyPatch: RequestBody {
    var name: Patch<String>
    var steps: Patch<[DunningStepBody]>
    var isDefault: Patch<Bool>

    static let maximumLengths = ["name": 200]

    func validate(_ errors: inout FieldErrors) {
        func isNull<T>(_ patch: Patch<T>) -> Bool { if case .null = patch { true } else { false } }
        for (field, null) in [("name", isNull(name)), ("steps", isNull(steps)), ("is_default", isNull(isDefault))] where null {
            errors.add(field, "cannot be null")
        }
        if let name = name.value, name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("name", "must not be empty") }
        if let steps = steps.value { _ = DunningStepBody.policy(steps, &errors) }
    }
}
