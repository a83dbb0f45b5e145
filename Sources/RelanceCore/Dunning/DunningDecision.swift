import Foundation

/// "What is due for this customer today": the one rule the daily run applies to each
/// customer, given its account, its ladder, the tenant's rules and the tenant-local date.
///
/// Per invoice (the unit of steps):
/// - nothing when the customer is excluded or in collection, the invoice owes nothing, is
///   disputed, is under an open promise whose date has not passed, or under an active plan;
/// - otherwise the steps whose offset has come (`today − due date ≥ offset`) and that come
///   after every step already done for it; a step before the due date (negative offset) only
///   until the due date. Of several, the most advanced (default) or the first not done. A
///   step is done at most once: the store keeps a unique key per (invoice, offset).
/// - A formal notice or customer block passed over by catch-up still takes effect with the
///   step chosen; a skipped call task is not created.
///
/// Per customer (the unit of contact):
/// - the invoices' message steps go out as one message per channel, listing each invoice;
/// - no message within `minimumGapDays` of the last one: such steps wait (`held`) and join the
///   next message; tasks are not held; an e-mail step waits while the customer has no billing
///   contact, and a customer with money owed and no billing contact gets a billing-contact
///   task (the store keeps one open at a time);
/// - an active plan's installments get their own reminders (J-3, J+1), outside the gap, as
///   agreed with the customer; a breached plan's invoices rejoin the ladder the same day;
/// - a promise past its date unpaid is broken and its invoices rejoin the ladder the same day;
/// - an agency hand-off puts the customer in collection: that day's messages are not sent.
public enum DunningDecision {
    public static func decide(_ account: DunningAccount, policy: DunningPolicy, rules: DunningRules,
                              today: CalendarDate) -> DunningOutcome {
        var outcome = DunningOutcome()
        guard !account.excluded, !account.inCollection else { return outcome }

        // Promises and plans first: their changes today decide what is paused.
        var promises = account.promises
        for index in promises.indices {
            let status = promises[index].status(on: today, openInvoices: account.invoices)
            if status != promises[index].status {
                outcome.promiseChanges[promises[index].id] = status
                promises[index].status = status
            }
        }
        var plans = account.plans
        for index in plans.indices {
            let status = plans[index].status(on: today, breachAfterDays: rules.planBreachDays)
            if status != plans[index].status {
                outcome.planChanges[plans[index].id] = status
                plans[index].status = status
            }
        }
        let planned = Set(plans.filter { $0.status == .active }.flatMap(\.invoiceIDs))

        // The step each invoice gets today.
        var chosen: [DunningItem] = []
        var lastDone: [UUID: Int] = [:]
        let formalNoticeOffset = policy.steps.first { $0.action == .formalNotice }?.offsetDays
        let blockOffset = policy.steps.first { $0.action == .blockCustomer }?.offsetDays
        for invoice in account.invoices.sorted(by: { ($0.dueDate, $0.id.uuidString) < ($1.dueDate, $1.id.uuidString) }) {
            guard invoice.amountDue > 0, !invoice.disputed, !planned.contains(invoice.id),
                  !promises.contains(where: { $0.pauses(invoice, on: today) }) else { continue }
            guard let step = step(for: invoice, policy: policy, catchUp: rules.catchUp, today: today) else { continue }
            chosen.append(DunningItem(invoiceID: invoice.id, step: step))
            lastDone[invoice.id] = invoice.doneOffsets.max() ?? Int.min
        }

        // Tasks: never held.
        var tasks: [DunningTaskKind: [DunningItem]] = [:]
        for item in chosen where item.step.channel == .task {
            let kind: DunningTaskKind = switch item.step.action {
            case .callTask: .call
            case .agencyHandoff: .agencyHandoff
            default: .followUp
            }
            tasks[kind, default: []].append(item)
        }
        outcome.entersCollection = tasks[.agencyHandoff] != nil

        // Messages: held by the gap or a missing billing contact, grouped per channel.
        let gapOpen = account.lastContactedOn.map { today.days(since: $0) >= rules.minimumGapDays } ?? true
        var byChannel: [DunningChannel: [DunningItem]] = [:]
        for item in chosen where item.step.channel.contactsCustomer && !outcome.entersCollection {
            if item.step.channel == .email && !account.hasBillingContact {
                outcome.held.append(DunningHold(item: item, reason: .noBillingContact))
            } else if !gapOpen {
                outcome.held.append(DunningHold(item: item, reason: .minimumGap))
            } else {
                byChannel[item.step.channel, default: []].append(item)
            }
        }
        for channel in DunningChannel.allCases {
            guard let items = byChannel[channel] else { continue }
            let mostAdvanced = items.max { $0.step.offsetDays < $1.step.offsetDays }!
            outcome.messages.append(DunningMessage(channel: channel, tone: items.map(\.step.tone).max()!,
                                                   template: mostAdvanced.step.template, items: items))
        }

        // Installment reminders of active plans, by e-mail (letters when there is no contact).
        if !outcome.entersCollection {
            for plan in plans where plan.status == .active {
                var due: [InstallmentReminder] = []
                for (index, (installment, left)) in zip(plan.installments, plan.remaining).enumerated() where left > 0 {
                    let late = today.days(since: installment.dueDate)
                    // The latest reminder whose day has come, once, and J-3 only before the date.
                    let offsets = PaymentPlan.reminderOffsets.filter { $0 <= late && ($0 >= 0 || late <= 0) }
                    guard let offset = offsets.max(),
                          !plan.doneReminders.contains(where: { $0.installment == index && $0.offsetDays >= offset }) else { continue }
                    due.append(InstallmentReminder(installment: index, offsetDays: offset))
                }
                guard !due.isEmpty else { continue }
                let late = due.contains { $0.offsetDays > 0 }
                outcome.messages.append(DunningMessage(channel: account.hasBillingContact ? .email : .letter,
                                                       tone: late ? .reminder : .courtesy,
                                                       template: late ? "installment_overdue" : "installment_upcoming",
                                                       items: [], planID: plan.id, installments: due))
            }
        }

        // What the steps that go out today (not those held) pass over.
        for item in outcome.messages.flatMap(\.items) + tasks.values.flatMap({ $0 }) {
            let before = lastDone[item.invoiceID] ?? Int.min
            if let formalNoticeOffset, item.step.offsetDays >= formalNoticeOffset, before < formalNoticeOffset {
                outcome.formalNotices.append(item.invoiceID)
            }
            if let blockOffset, item.step.offsetDays >= blockOffset, before < blockOffset { outcome.blocksCustomer = true }
        }
        outcome.formalNotices.sort { $0.uuidString < $1.uuidString }

        for kind in DunningTaskKind.allCases {
            if let items = tasks[kind] { outcome.tasks.append(DunningTask(kind: kind, items: items)) }
        }
        if !account.hasBillingContact && account.invoices.contains(where: { $0.amountDue > 0 }) {
            outcome.tasks.append(DunningTask(kind: .billingContact, items: []))
        }
        return outcome
    }

    /// The ladder step `invoice` gets on `today`, or nil.
    public static func step(for invoice: DunningInvoice, policy: DunningPolicy, catchUp: DunningCatchUp,
                            today: CalendarDate) -> DunningStep? {
        let late = today.days(since: invoice.dueDate)
        let lastDone = invoice.doneOffsets.max() ?? Int.min
        let due = policy.steps.filter { step in
            step.offsetDays <= late && step.offsetDays > lastDone && (step.offsetDays >= 0 || late <= 0)
        }
        return catchUp == .mostAdvanced ? due.last : due.first
    }
}
