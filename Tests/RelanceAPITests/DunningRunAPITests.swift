import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// `POST /v1/dunning/runs` against the real store: what the default ladder records day by
/// day, that a day run twice records nothing new, the minimum gap, replay of missed days,
/// dry runs that write nothing, and runs that only move forward.
@Suite struct DunningRunAPITests {
    static func run(_ api: TenantAPIHarness, _ body: String) async throws -> TenantAPIHarness.Reply {
        try await api.send(.post, "/v1/dunning/runs", body)
    }

    /// "channel:template[number@step,…]" per reminder of a run reply, and "task:kind" per task.
    static func summary(_ reply: TenantAPIHarness.Reply) -> [String] {
        (reply.json["days"] as? [[String: Any]] ?? []).flatMap { day -> [String] in
            let date = day["date"] as? String ?? ""
            let reminders = (day["reminders"] as? [[String: Any]] ?? []).map { reminder in
                let items = (reminder["invoices"] as? [[String: Any]] ?? []).map { "\($0["number"] as? String ?? "")@\($0["step"] as? String ?? "")" }
                return "\(date) \(reminder["channel"] as? String ?? ""):\(reminder["template"] as? String ?? "")[\(items.sorted().joined(separator: ","))]"
            }
            let tasks = (day["tasks"] as? [[String: Any]] ?? []).map { "\(date) task:\($0["kind"] as? String ?? "")" }
            return reminders.sorted() + tasks.sorted()
        }
    }

    static func invoice(_ api: TenantAPIHarness, customer: String, number: String, issued: String, due: String) async throws {
        let reply = try await api.send(.post, "/v1/invoices", """
            {"customer_id": "\(customer)", "number": "\(number)", "issue_date": "\(issued)", "due_date": "\(due)", "issue": true,
             "lines": [{"description": "Prestation", "quantity": 1, "unit_price": {"amount": 10000, "currency": "EUR"}, "tax_rate": 0}]}
            """)
        #expect(reply.status == .created, "\(reply.text)")
    }

    @Test func theLadderDayByDayOnceEachWithTheGapAndReplay() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer(name: "Martin SARL")
            #expect(try await api.send(.post, "/v1/customers/\(customer)/contacts",
                                       object: ["role": "billing", "name": "Compta", "email": "compta@martin.fr"]).status == .created)
            try await Self.invoice(api, customer: customer, number: "A", issued: "2026-02-01", due: "2026-03-01")
            try await Self.invoice(api, customer: customer, number: "B", issued: "2026-02-08", due: "2026-03-08")
            try await Self.invoice(api, customer: customer, number: "C", issued: "2026-01-02", due: "2026-02-01")

            // A dry run says what would go out and writes nothing.
            let dry = try await Self.run(api, #"{"as_of": "2026-03-09", "dry_run": true}"#)
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(Self.summary(dry) == ["2026-03-09 email:firm_reminder[A@J+8,B@J+1]", "2026-03-09 letter:formal_notice[C@J+30]"])
            #expect(try await api.count("reminders") == 0)
            #expect(try await api.count("dunning_steps") == 0)
            #expect(try await api.count("dunning_runs") == 0)

            // The real run records the same: one e-mail listing A and B, the formal notice letter for C.
            let first = try await Self.run(api, #"{"as_of": "2026-03-09"}"#)
            #expect(first.status == .ok, "\(first.text)")
            #expect(Self.summary(first) == Self.summary(dry))
            let noticed = try await api.fixture.pool.query(
                "SELECT number FROM \(qualified: "t_acme", "invoices") WHERE formal_notice_on = '2026-03-09'").map { try $0.decode(String.self, at: 0) }
            #expect(noticed == ["C"])

            // The same day again: nothing new.
            let again = try await Self.run(api, #"{"as_of": "2026-03-09"}"#)
            #expect(Self.summary(again).isEmpty)
            #expect(try await api.count("reminders") == 2)
            #expect(try await api.count("dunning_steps") == 3)

            // An invoice created in between: its step is due, but the customer heard from us today (gap).
            try await Self.invoice(api, customer: customer, number: "D", issued: "2026-02-09", due: "2026-03-09")
            let gap = try await Self.run(api, #"{"as_of": "2026-03-09"}"#)
            #expect(Self.summary(gap).isEmpty)
            #expect((gap.json["days"] as? [[String: Any]])?.first?["held"] as? Int == 1)

            // A week later: each missed day replays in order. 03-14 (the gap over): D's J+1;
            // 03-16: A's call task (tasks wait for no gap), B's J+8 waits for the gap after 03-14.
            let week = try await Self.run(api, #"{"as_of": "2026-03-16"}"#)
            #expect((week.json["days"] as? [[String: Any]])?.map { $0["date"] as? String ?? "" }
                    == ["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14", "2026-03-15", "2026-03-16"])
            #expect(Self.summary(week) == ["2026-03-14 email:reminder[D@J+1]", "2026-03-16 task:call"])

            // Runs move forward, and not past today.
            let back = try await Self.run(api, #"{"as_of": "2026-03-10"}"#)
            #expect(back.status == .conflict && back.errorFields == ["as_of"], "\(back.text)")
            let future = try await Self.run(api, #"{"as_of": "2999-01-01"}"#)
            #expect(future.status == .conflict && future.errorFields == ["as_of"])
            #expect(try await Self.run(api, #"{"as_of": "2026-03-10", "dry_run": true}"#).status == .ok)   // a dry run may take any date
            // After a very long pause, only the last 366 days are replayed.
            let far = try await Self.run(api, #"{"as_of": "2027-06-30", "dry_run": true}"#)
            #expect((far.json["days"] as? [[String: Any]])?.count == 366)
            #expect((far.json["days"] as? [[String: Any]])?.first?["date"] as? String == "2026-06-30")
            #expect(try await Self.run(api, #"{"as_of": "2026-02-30", "colour": 1}"#).errorFields.sorted() == ["as_of", "colour"])

            // What was recorded, through the lists.
            let reminders = try await api.send(.get, "/v1/reminders?customer_id=\(customer)")
            #expect(reminders.data.count == 3)
            #expect(reminders.data.first?["run_date"] as? String == "2026-03-14")
            #expect(reminders.data.allSatisfy { $0["status"] as? String == "pending" })
            let letter = reminders.data.first { $0["channel"] as? String == "letter" }
            #expect((letter?["amount_due"] as? [String: Any])?["amount"] as? Int == 10_000)
            #expect(((letter?["invoices"] as? [[String: Any]])?.first?["days_late"]) as? Int == 36)
            let tasks = try await api.send(.get, "/v1/tasks?status=open")
            #expect(tasks.data.map { $0["kind"] as? String ?? "" } == ["call"])
            #expect((tasks.data.first?["invoice_ids"] as? [String])?.count == 1)

            // The call: assigned, then done with a promise, which pauses invoice A until its date.
            let call = try #require(tasks.data.first?["id"] as? String)
            let assigned = try await api.send(.patch, "/v1/tasks/\(call)", #"{"assignee": "Julie", "notes": "rappeler le matin"}"#)
            #expect(assigned.json["assignee"] as? String == "Julie", "\(assigned.text)")
            #expect(try await api.send(.post, "/v1/tasks/\(call)/complete", #"{"outcome": "promise_made"}"#).errorFields == ["promise"])
            let done = try await api.send(.post, "/v1/tasks/\(call)/complete",
                                          #"{"outcome": "promise_made", "promise": {"promised_date": "2026-03-31", "made_on": "2026-03-16"}, "notes": "paiera fin mars"}"#)
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.json["status"] as? String == "done" && done.json["outcome"] as? String == "promise_made")
            #expect(try await api.send(.post, "/v1/tasks/\(call)/complete", #"{"outcome": "reached"}"#).status == .conflict)
            let promises = try await api.send(.get, "/v1/promises?customer_id=\(customer)")
            #expect(promises.data.count == 1)
            #expect((promises.data.first?["invoice_ids"] as? [String])?.count == 1)
            #expect(promises.data.first?["promised_date"] as? String == "2026-03-31")
            #expect(try await api.send(.get, "/v1/reminders?status=lost").errorFields == ["status"])
            let timeline = try await api.send(.get, "/v1/customers/\(customer)/timeline")
            #expect(timeline.data.filter { $0["type"] as? String == "reminder.created" }.count == 3)
            #expect(timeline.data.filter { $0["type"] as? String == "task.created" }.count == 1)
        }
    }

    @Test func excludedDisputedAndUnreachableCustomers() async throws {
        try await TenantAPIHarness.with { api in
            let excluded = try await api.insertCustomer(name: "Exclu")
            #expect(try await api.send(.patch, "/v1/customers/\(excluded)", #"{"dunning": {"excluded": true}}"#).status == .ok)
            try await Self.invoice(api, customer: excluded, number: "E1", issued: "2026-02-01", due: "2026-03-01")
            let unreachable = try await api.insertCustomer(name: "Sans contact")
            try await Self.invoice(api, customer: unreachable, number: "U1", issued: "2026-02-01", due: "2026-03-01")
            try await Self.invoice(api, customer: unreachable, number: "U2", issued: "2026-01-01", due: "2026-01-31")
            try await Self.invoice(api, customer: unreachable, number: "U3", issued: "2026-02-01", due: "2026-03-01")
            try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "invoices") SET disputed = true WHERE number = 'U3'")

            let run = try await Self.run(api, #"{"as_of": "2026-03-02"}"#)
            // U1's e-mail waits for a contact; U2's formal notice is a letter; one task asks whom invoices go to.
            #expect(Self.summary(run) == ["2026-03-02 letter:formal_notice[U2@J+30]", "2026-03-02 task:billing_contact"], "\(run.text)")
            // The next day: still no contact, still one open billing-contact task.
            let next = try await Self.run(api, #"{"as_of": "2026-03-03"}"#)
            #expect(Self.summary(next).isEmpty)
            #expect(try await api.count("tasks") == 1)
            // Completing it as a dispute needs the invoice: the task lists none.
            let task = try #require(try await api.send(.get, "/v1/tasks?status=open").data.first?["id"] as? String)
            #expect(try await api.send(.post, "/v1/tasks/\(task)/complete", #"{"outcome": "dispute_raised", "dispute": {"reason": "facture inconnue"}}"#)
                .errorFields == ["dispute.invoice_id"])
            let u1 = try #require(try await api.send(.get, "/v1/invoices?number=U1").data.first?["id"] as? String)
            let raised = try await api.send(.post, "/v1/tasks/\(task)/complete",
                                            #"{"outcome": "dispute_raised", "dispute": {"invoice_id": "\#(u1)", "reason": "facture inconnue"}}"#)
            #expect(raised.status == .ok, "\(raised.text)")
            #expect(try await api.send(.get, "/v1/invoices/\(u1)").json["disputed"] as? Bool == true)
            #expect(try await api.send(.post, "/v1/tasks/\(UUID())/complete", #"{"outcome": "reached"}"#).status == .notFound)
            #expect(try await api.send(.post, "/v1/tasks/\(task)/complete", #"{"outcome": "lunch"}"#).errorFields == ["outcome"])
            #expect(try await api.fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "reminder_items") ri JOIN \(qualified: "t_acme", "invoices") i ON i.id = ri.invoice_id WHERE i.number IN ('E1', 'U3')") == 0)
        }
    }

    @Test func aBlockStepFlagsTheCustomersNewInvoicesAndAHandOffStopsRemindersUntilLifted() async throws {
        try await TenantAPIHarness.with { api in
            let policy = try await api.send(.post, "/v1/dunning/policies", """
                {"name": "Bloquant", "steps": [
                  {"offset_days": 1, "channel": "email", "template": "reminder", "tone": "reminder", "action": "block_customer"},
                  {"offset_days": 10, "channel": "task", "template": "agency_handoff", "tone": "final", "action": "agency_handoff"},
                  {"offset_days": 20, "channel": "email", "template": "last_notice", "tone": "final"}]}
                """)
            #expect(policy.status == .created, "\(policy.text)")
            let customer = try await api.insertCustomer(name: "Bloqué SARL")
            #expect(try await api.send(.patch, "/v1/customers/\(customer)", #"{"dunning": {"policy_id": "\#(policy.json["id"] as? String ?? "")"}}"#).status == .ok)
            #expect(try await api.send(.post, "/v1/customers/\(customer)/contacts",
                                       object: ["role": "billing", "name": "Compta", "email": "compta@bloque.fr"]).status == .created)
            try await Self.invoice(api, customer: customer, number: "K1", issued: "2026-02-01", due: "2026-03-01")
            #expect(try await api.send(.get, "/v1/customers/\(customer)").json["blocked_on"] == nil)

            #expect(try await Self.run(api, #"{"as_of": "2026-03-02"}"#).status == .ok)
            let blocked = try await api.send(.get, "/v1/customers/\(customer)")
            #expect(blocked.json["blocked_on"] as? String == "2026-03-02", "\(blocked.text)")
            // Its new invoices carry the flag and say why; other customers' do not.
            let flagged = try await api.send(.post, "/v1/invoices", """
                {"customer_id": "\(customer)", "issue_date": "2026-03-03", "issue": true,
                 "lines": [{"description": "P", "quantity": 1, "unit_price": {"amount": 5000, "currency": "EUR"}, "tax_rate": 0}]}
                """)
            #expect(flagged.json["customer_blocked"] as? Bool == true, "\(flagged.text)")
            #expect((flagged.json["warnings"] as? [String])?.contains { $0.contains("blocked") && $0.contains("2026-03-02") } == true)
            let other = try await api.insertCustomer(name: "Autre")
            try await Self.invoice(api, customer: other, number: "O1", issued: "2026-03-03", due: "2026-04-03")
            #expect(try await api.send(.get, "/v1/invoices?number=O1").data.first?["customer_blocked"] as? Bool == false)

            // The hand-off: in collection from J+10, no reminder at J+20.
            let handoff = try await Self.run(api, #"{"as_of": "2026-03-11"}"#)
            #expect(Self.summary(handoff) == ["2026-03-03 task:billing_contact", "2026-03-11 task:agency_handoff"], "\(handoff.text)")
            #expect(try await api.send(.get, "/v1/customers/\(customer)").json["in_collection_on"] as? String == "2026-03-11")
            #expect(Self.summary(try await Self.run(api, #"{"as_of": "2026-03-21"}"#)).isEmpty)

            // The accountant takes the customer back: only null is accepted, and both are events.
            let set = try await api.send(.patch, "/v1/customers/\(customer)", #"{"blocked_on": "2026-01-01", "in_collection_on": "2026-01-01"}"#)
            #expect(set.errorFields.sorted() == ["blocked_on", "in_collection_on"], "\(set.text)")
            let lifted = try await api.send(.patch, "/v1/customers/\(customer)", #"{"blocked_on": null, "in_collection_on": null}"#)
            #expect(lifted.status == .ok, "\(lifted.text)")
            #expect(lifted.json["blocked_on"] == nil && lifted.json["in_collection_on"] == nil)
            let events = try await api.fixture.count("""
                SELECT count(*)::int8 FROM \(qualified: "t_acme", "events") WHERE type = 'customer.updated'
                AND data ? 'blocked_on' AND data ? 'in_collection_on'
                """)
            #expect(events == 1)
            // Reminders resume with the step then due; new invoices are no longer flagged.
            #expect(Self.summary(try await Self.run(api, #"{"as_of": "2026-03-22"}"#)) == ["2026-03-22 email:last_notice[K1@J+20]"])
            try await Self.invoice(api, customer: customer, number: "K3", issued: "2026-03-22", due: "2026-04-22")
            #expect(try await api.send(.get, "/v1/invoices?number=K3").data.first?["customer_blocked"] as? Bool == false)
        }
    }
}
