import Foundation
import RelanceCore
import RelanceStore

/// `PATCH /v1/tasks/{id}`: the assignee and notes (absent: kept; null or empty: cleared).
struct TaskPatch: RequestBody {
    var assignee: Patch<String>
    var notes: Patch<String>
    static let maximumLengths = ["assignee": 200, "notes": 5000]

    func value(_ patch: Patch<String>) -> String? {
        switch patch {
        case .absent: nil
        case .null: ""
        case .value(let text): text
        }
    }
}
