import Foundation
import RelanceCore
import RelanceStore

/// Every job handler relance-worker runs. Later capabilities (reminder delivery, reports)
/// add theirs here.
public enum JobCatalog {
    /// The handlers, one per kind; tenant work runs through `database`; webhooks go where
    /// `webhooks` allows (`RELANCE_WEBHOOKS_ALLOW_LOOPBACK`).
    public static func handlers(database: TenantDatabase, outbox: URL, webhooks: WebhookURLPolicy = WebhookURLPolicy()) -> [any JobHandler] {
        [ProbeHandler(), DunningRunHandler(database: database), ReminderOutboxHandler(database: database, directory: outbox),
         WebhookDeliveryHandler(database: database, policy: webhooks)]
    }
}
