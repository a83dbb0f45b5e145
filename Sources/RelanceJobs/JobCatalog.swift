import Foundation
import RelanceCore
import RelanceStore
import SMTP

/// Every job handler relance-worker runs. Later capabilities (reminder delivery, reports)
/// add theirs here.
public enum JobCatalog {
    /// The handlers, one per kind; tenant work runs through `database`. E-mails go to `mailer`
    /// from the address `mailFrom` when an SMTP server is configured, else to the file `outbox`;
    /// webhooks go where `webhooks` allows (`RELANCE_WEBHOOKS_ALLOW_LOOPBACK`).
    public static func handlers(database: TenantDatabase, outbox: URL, mailer: SMTPClient?, mailFrom: String,
                                webhooks: WebhookURLPolicy = WebhookURLPolicy()) -> [any JobHandler] {
        [ProbeHandler(), DunningRunHandler(database: database),
         ReminderDeliveryHandler(database: database, outbox: outbox, mailer: mailer, from: mailFrom),
         WebhookDeliveryHandler(database: database, policy: webhooks)]
    }
}
