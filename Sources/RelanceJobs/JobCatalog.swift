import Foundation
import RelanceStore

/// Every job handler relance-worker runs. Later capabilities (reminder delivery, reports)
/// add theirs here.
public enum JobCatalog {
    /// The handlers, one per kind; tenant work runs through `database`.
    public static func handlers(database: TenantDatabase, outbox: URL) -> [any JobHandler] {
        [ProbeHandler(), DunningRunHandler(database: database), ReminderOutboxHandler(database: database, directory: outbox)]
    }
}
