import Foundation
import RelanceCore
import RelanceStore

/// `POST /v1/disputes/{id}/resolve`.
struct ResolveDisputeBody: RequestBody {
    enum Outcome: String, CaseIterable, RequestEnum { case upheld, rejected }
    var outcome: Outcome
    var notes: String?
    var resolvedOn: CalendarDate?

    static let maximumLengths = ["notes": 5000]
}
