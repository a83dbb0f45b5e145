import Foundation
import Postgres
import RelanceCore

/// The daily dunning run of one tenant: loads each customer's open invoices, the steps done
/// and the customer's policy, asks `DunningDecision` what is due, and records it: reminders
/// with their invoices, tasks, the steps done (a unique key per invoice and offset, so a day
/// run twice records nothing new), formal notices and hand-offs, and one event per reminder
/// and task on the customer's timeline.
///
/// Runs move forward: a real run may not be dated after the tenant's today nor before its
/// last real run; one dated later replays each day since the last (the last `maximumDays` at
/// most), in order, one transaction a day. A dry run computes the same days in one
/// transaction that is rolled back.
public struct DunningRunner: Sendable {
    public let database: TenantDatabase
    let events = EventLog()

    /// The most days one run replays.
    public static let maximumDays = 366

    public init(database: TenantDatabase) { self.database = database }

    /// Runs (or, `dryRun`, simulates) the days up to `asOf` (default: the tenant's today).
    /// - Throws: `ReceivablesError.conflict` on `as_of` for a real run dated after today or
    ///   before the last real run.
    public func run(_ slug: TenantSlug, asOf: CalendarDate?, dryRun: Bool, actor: String) async throws -> DunningRunReport {
        let (today, last) = try await database.withTransaction(slug) { tx in
            (try await ReceivablesSettings.today(in: tx),
             try await tx.query(DunningRunSQL.lastRun)[0].decode(CalendarDate?.self, at: 0))
        }
        let end = asOf ?? today
        if !dryRun && end > today {
            throw ReceivablesError.conflict(field: "as_of", detail: "a run may not be dated after the tenant's today (\(end) is after \(today))")
        }
        if !dryRun, let last, end < last {
            throw ReceivablesError.conflict(field: "as_of", detail: "runs move forward: \(end) is before the last run (\(last))")
        }
        var start = end
        if let last, last < end { start = last.adding(days: 1)! }
        // After a very long pause only the last `maximumDays` days are replayed: the older ones
        // would only repeat steps the newer days catch up with anyway.
        if end.days(since: start) >= Self.maximumDays { start = end.adding(days: 1 - Self.maximumDays)! }
        let count = end.days(since: start) + 1
        let dates = (0..<count).map { start.adding(days: $0)! }
        if dryRun {
            var days: [DunningRunReport.Day] = []
            do {
                try await database.withTransaction(slug) { tx in
                    for date in dates { days.append(try await runDay(date, slug: slug, actor: actor, in: tx)) }
                    throw DryRunDone()
                }
            } catch is DryRunDone {}
            return DunningRunReport(asOf: end, dryRun: true, days: days)
        }
        var days: [DunningRunReport.Day] = []
        for date in dates {
            days.append(try await database.withTransaction(slug) { tx in try await runDay(date, slug: slug, actor: actor, in: tx) })
        }
        return DunningRunReport(asOf: end, dryRun: false, days: days)
    }

    struct DryRunDone: Error {}

    /// Whether the scheduler's daily runs are on for the tenant (`automatic_dunning`).
    public func isAutomatic(_ slug: TenantSlug) async throws -> Bool {
        try await database.withTransaction(slug) { tx in try await DunningSettings.load(in: tx).automatic }
    }

    /// One day, in `tx`.
    func runDay(_ date: CalendarDate, slug: TenantSlug, actor: String, in tx: PostgresConnection) async throws -> DunningRunReport.Day {
        try await tx.query(DunningRunSQL.lock)
        let settings = try await DunningSettings.load(in: tx)
        var policies: [UUID: DunningPolicy] = [:]
        var defaultPolicy = DunningPolicy.frenchB2BDefault
        for row in try await tx.query(DunningRunSQL.policies) {
            let policy = DunningPolicy(steps: try row.decode(PostgresJSON<[DunningStep]>.self, at: 1).value)
            policies[try row.decode(UUID.self, at: 0)] = policy
            if try row.decode(Bool.self, at: 2) { defaultPolicy = policy }
        }
        struct Open { var invoice: DunningInvoice; var number: String?; var currency: Currency }
        var open: [UUID: [Open]] = [:]
        for row in try await tx.query(DunningRunSQL.invoices, [date]) {
            guard let currency = Currency(try row.decode(String.self, at: 6)) else { continue }
            let invoice = DunningInvoice(id: try row.decode(UUID.self, at: 0), dueDate: try row.decode(CalendarDate.self, at: 3),
                                         amountDue: try row.decode(Int64.self, at: 4), disputed: try row.decode(Bool.self, at: 5),
                                         doneOffsets: Set(try row.decode([Int].self, at: 7)))
            open[try row.decode(UUID.self, at: 1), default: []].append(Open(invoice: invoice, number: try row.decode(String?.self, at: 2), currency: currency))
        }
        var promises: [UUID: [PromiseToPay]] = [:]
        for row in try await tx.query(DunningRunSQL.promises, [date]) {
            promises[try row.decode(UUID.self, at: 1), default: []].append(PromiseToPay(
                id: try row.decode(UUID.self, at: 0), invoiceIDs: Set(try row.decode([String].self, at: 2).compactMap(UUID.init(uuidString:))),
                amount: try row.decode(Int64?.self, at: 3), madeOn: try row.decode(CalendarDate.self, at: 4),
                promisedDate: try row.decode(CalendarDate.self, at: 5), paidSinceMade: try row.decode(Int64.self, at: 6)))
        }
        var plans: [UUID: [StoredPaymentPlan]] = [:]
        for plan in try await PaymentPlanRepository().active(on: date, in: tx) { plans[plan.customerID, default: []].append(plan) }
        var delays: [UUID: [Int]] = [:]
        let chronicPolicy = settings.chronicPolicyID.flatMap { policies[$0] }
        if settings.chronicLateDays != nil, chronicPolicy != nil {
            for row in try await tx.query(DunningRunSQL.paidDelays, [date, settings.chronicLateInvoices]) {
                delays[try row.decode(UUID.self, at: 0)] = try row.decode([Int].self, at: 1)
            }
        }
        var day = DunningRunReport.Day(date: date)
        var writes = DunningDayWrites()
        for row in try await tx.query(DunningRunSQL.customers, [date]) {
            let customerID = try row.decode(UUID.self, at: 0)
            let invoices = open[customerID] ?? []
            var account = DunningAccount(customerID: customerID, excluded: try row.decode(Bool.self, at: 2),
                                         inCollection: try row.decode(Bool.self, at: 3), hasBillingContact: try row.decode(Bool.self, at: 4),
                                         lastContactedOn: try row.decode(CalendarDate?.self, at: 5), invoices: invoices.map(\.invoice),
                                         promises: promises.removeValue(forKey: customerID) ?? [])
            let customerPlans = plans.removeValue(forKey: customerID) ?? []
            account.plans = customerPlans.map(\.plan)
            var chronic = try row.decode(Bool.self, at: 6)
            if let threshold = settings.chronicLateDays, chronicPolicy != nil,
               let change = ChronicLateness.evaluate(daysLate: delays[customerID] ?? [], window: settings.chronicLateInvoices,
                                                     thresholdDays: threshold, isChronic: chronic) {
                chronic = try await record(change, customerID: customerID, threshold: threshold, policyID: settings.chronicPolicyID,
                                           on: date, actor: actor, in: tx)
            }
            let own = try row.decode(UUID?.self, at: 1).flatMap { policies[$0] }
            let policy = own ?? (chronic ? chronicPolicy : nil) ?? defaultPolicy
            let outcome = DunningDecision.decide(account, policy: policy, rules: settings.rules, today: date)
            guard !outcome.isEmpty else { continue }
            try await record(outcome.promiseChanges, customerID: customerID, on: date, actor: actor, in: tx)
            try await record(outcome.planChanges, customerID: customerID, on: date, actor: actor, in: tx)
            let byID = Dictionary(invoices.map { ($0.invoice.id, $0) }, uniquingKeysWith: { first, _ in first })
            day.held += outcome.held.count
            for message in outcome.messages {
                if let planID = message.planID, let plan = customerPlans.first(where: { $0.plan.id == planID }) {
                    let remaining = plan.plan.remaining
                    let reminder = Reminder(id: UUID(), customerID: customerID, runDate: date, channel: message.channel, template: message.template,
                                            tone: message.tone, status: .pending, currency: plan.currency,
                                            amountDue: message.installments.reduce(0) { $0 + remaining[$1.installment] }, items: [],
                                            planID: planID, createdAt: Date())
                    writes.reminders.append(reminder)
                    writes.planReminders += message.installments.map { (planID, $0.installment, $0.offsetDays, reminder.id) }
                    day.reminders.append(reminder)
                    continue
                }
                let items = message.items.compactMap { item -> Reminder.Item? in
                    guard let open = byID[item.invoiceID] else { return nil }
                    return .init(invoiceID: item.invoiceID, number: open.number, offsetDays: item.step.offsetDays,
                                 amountDue: open.invoice.amountDue, daysLate: max(0, date.days(since: open.invoice.dueDate)))
                }
                guard let currency = items.first.flatMap({ byID[$0.invoiceID]?.currency }) else { continue }
                let reminder = Reminder(id: UUID(), customerID: customerID, runDate: date, channel: message.channel, template: message.template,
                                        tone: message.tone, status: .pending, currency: currency,
                                        amountDue: items.reduce(0) { $0 + $1.amountDue }, items: items, planID: nil, createdAt: Date())
                writes.reminders.append(reminder)
                day.reminders.append(reminder)
            }
            for task in outcome.tasks {
                let recorded = DunningTaskRecord(id: UUID(), customerID: customerID, kind: task.kind, status: .open,
                                                 invoiceIDs: task.items.map(\.invoiceID), createdOn: date, createdAt: Date())
                writes.tasks.append((recorded, task.items))
                day.tasks.append(recorded)
            }
            writes.formalNotices += outcome.formalNotices
            day.formalNotices += outcome.formalNotices
            if outcome.entersCollection {
                writes.toCollection.append(customerID)
                day.toCollection.append(customerID)
            }
            if outcome.blocksCustomer { writes.blocked.append(customerID) }
        }
        let created = try await writes.flush(on: date, slug: slug, actor: actor, queue: JobQueue(pool: database.pool), in: tx)
        day.tasks.removeAll { !created.contains($0.id) }
        // Customers who owe nothing now are not in the loop above: their plans are completed
        // and their open promises kept.
        for (customerID, left) in plans {
            var changes: [UUID: PaymentPlanStatus] = [:]
            for plan in left {
                let status = plan.plan.status(on: date, breachAfterDays: settings.rules.planBreachDays)
                if status != .active { changes[plan.plan.id] = status }
            }
            try await record(changes, customerID: customerID, on: date, actor: actor, in: tx)
        }
        for (customerID, left) in promises {
            var changes: [UUID: PromiseStatus] = [:]
            for promise in left {
                let status = promise.status(on: date, openInvoices: [])
                if status != .open { changes[promise.id] = status }
            }
            try await record(changes, customerID: customerID, on: date, actor: actor, in: tx)
        }
        try await tx.query(DunningRunSQL.recordRun, [date, day.reminders.count, day.tasks.count, actor])
        return day
    }

    /// A customer becoming a chronic late payer (or no longer), with the figures in its event;
    /// returns whether it is chronic now.
    func record(_ change: ChronicLateness, customerID: UUID, threshold: Int, policyID: UUID?, on date: CalendarDate, actor: String,
                in tx: PostgresConnection) async throws -> Bool {
        let (type, average, invoices, chronic): (String, Double, Int, Bool) = switch change {
        case .enter(let average, let invoices): ("customer.chronic_late", average, invoices, true)
        case .leave(let average, let invoices): ("customer.chronic_late_ended", average, invoices, false)
        }
        try await tx.query(DunningRunSQL.chronic, [customerID, chronic ? date : nil])
        try await events.record(try NewEvent(type: type, subjectType: "customer", subjectID: customerID, customerID: customerID, snapshot: [
            "average_days_late": String(format: "%.1f", average), "paid_invoices": "\(invoices)", "threshold_days": "\(threshold)",
            "policy_id": chronic ? policyID?.uuidString.lowercased() ?? "" : "",
        ], actor: actor), in: tx)
        return chronic
    }

    /// Promises kept or broken today, with one event each.
    func record(_ changes: [UUID: PromiseStatus], customerID: UUID, on date: CalendarDate, actor: String, in tx: PostgresConnection) async throws {
        for (id, status) in changes.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard try await tx.query(DunningRunSQL.promiseStatus, [id, status.rawValue, date]).affectedRows > 0 else { continue }
            try await events.record(try NewEvent(type: "promise.\(status.rawValue)", subjectType: "promise", subjectID: id, customerID: customerID,
                                                 snapshot: ["on": "\(date)"], actor: actor), in: tx)
        }
    }

    /// Plans completed or breached today, with one event each.
    func record(_ changes: [UUID: PaymentPlanStatus], customerID: UUID, on date: CalendarDate, actor: String, in tx: PostgresConnection) async throws {
        for (id, status) in changes.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard try await tx.query(DunningRunSQL.planStatus, [id, status.rawValue, date]).affectedRows > 0 else { continue }
            try await events.record(try NewEvent(type: "payment_plan.\(status.rawValue)", subjectType: "payment_plan", subjectID: id,
                                                 customerID: customerID, snapshot: ["on": "\(date)"], actor: actor), in: tx)
        }
    }

    /// A task for a person when a reminder cannot be delivered.
    public static func failedDelivery(customerID: UUID, invoiceIDs: [UUID], actor: String, in tx: PostgresConnection) async throws {
        let id = UUID()
        try await tx.query(DunningRunSQL.insertTask, [id, customerID, DunningTaskKind.failedDelivery.rawValue, invoiceIDs.map { $0.uuidString },
                                                      try await ReceivablesSettings.today(in: tx)])
        try await EventLog().record(try NewEvent(type: "task.created", subjectType: "task", subjectID: id, customerID: customerID,
                                                 snapshot: ["kind": DunningTaskKind.failedDelivery.rawValue], actor: actor), in: tx)
    }

    /// A reminder's event data.
    struct EventSnapshot: Encodable {
        var channel: String
        var template: String
        var tone: String
        var amountDue: Int64
        var currency: String
        var invoices: [String]
        var steps: [String]

        init(_ reminder: Reminder) {
            channel = reminder.channel.rawValue
            template = reminder.template
            tone = reminder.tone.rawValue
            amountDue = reminder.amountDue
            currency = reminder.currency.code
            invoices = reminder.items.map { $0.invoiceID.uuidString.lowercased() }
            steps = reminder.items.map { DunningStep.label(offsetDays: $0.offsetDays) }
        }

        enum CodingKeys: String, CodingKey {
            case channel, template, tone, amountDue = "amount_due", currency, invoices, steps
        }
    }
}
