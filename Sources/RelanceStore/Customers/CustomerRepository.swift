import Foundation
import Postgres
import RelanceCore

/// Reads and changes a tenant's customers and their contacts. Every method runs in a tenant
/// transaction the caller opened (`TenantDatabase.withTransaction`). Errors the caller
/// should see are `ReceivablesError`s: an unknown id (404), a taken `external_ref`, a second
/// primary contact for a role, a currency change or a delete the customer's documents
/// forbid (409), a credit limit in another currency (400).
public struct CustomerRepository: Sendable {
    public init() {}

    // MARK: Customers

    /// Creates `new` and returns it as stored.
    public func create(_ new: NewCustomer, in tx: PostgresConnection) async throws -> Customer {
        var parameters: [any PostgresEncodable] = [new.id, new.externalRef, new.name, new.legalID?.scheme, new.legalID?.value]
        parameters += Self.addressParameters(new.address)
        parameters += [new.language, new.currency?.code, new.paymentTerms?.net.map(Int64.init),
                       new.paymentTerms?.endOfMonth, new.creditLimit?.amount, new.creditLimit?.currency.code, new.notes]
        parameters += Self.dunningParameters(new.dunning)
        _ = try await mapConflicts { try await tx.query(CustomerSQL.insert, parameters) }
        let customer = try await customer(new.id, in: tx)
        try Self.checkCreditLimit(customer)
        return customer
    }

    /// The customer with `id`.
    /// - Throws: `ReceivablesError.notFound` when the tenant has none; `lock` holds the row
    ///   until the transaction ends.
    public func customer(_ id: UUID, in tx: PostgresConnection, lock: Bool = false) async throws -> Customer {
        let rows = try await tx.query(lock ? CustomerSQL.selectForUpdate : CustomerSQL.select, [id])
        guard let row = rows.first else { throw ReceivablesError.notFound("customer \(id.uuidString.lowercased())") }
        return try Self.customer(from: row)
    }

    /// One page of customers in (name, id) order (`filter.limit` rows).
    public func list(_ filter: CustomerFilter, in tx: PostgresConnection) async throws -> [Customer] {
        let pattern = filter.query.map { "%" + Self.escapeLike($0) + "%" }
        let rows = try await tx.query(CustomerSQL.list, [pattern, filter.hasOverdue, filter.after?.name, filter.after?.id, Int64(filter.limit)])
        return try rows.map(Self.customer(from:))
    }

    /// Applies `change` to the customer (locked by the caller or here) and returns it as it now is.
    /// - Throws: `.conflict(field: "currency")` when the currency changes while the customer
    ///   has invoices, payments or credit notes; `.invalid(field: "credit_limit.currency")`
    ///   when the credit limit is not in the customer's currency.
    public func update(_ id: UUID, _ change: CustomerChange, in tx: PostgresConnection) async throws -> Customer {
        let current = try await customer(id, in: tx, lock: true)
        if let currency = change.currency, currency != current.currency, try await hasDocuments(id, in: tx) {
            throw ReceivablesError.conflict(
                field: "currency",
                detail: "customer \(id.uuidString.lowercased()) has invoices, payments or credit notes in \(current.currency.code); its currency cannot change")
        }
        func flag<T>(_ value: T??) -> Bool { value != nil }
        let address: CustomerAddress? = change.address ?? nil
        let terms: PaymentTerms? = change.paymentTerms ?? nil
        let limit: Money? = change.creditLimit ?? nil
        let legal: CustomerLegalID? = change.legalID ?? nil
        var parameters: [any PostgresEncodable] = [id, flag(change.externalRef), change.externalRef ?? nil,
                                                   change.name != nil, change.name, flag(change.legalID), legal?.scheme, legal?.value,
                                                   flag(change.address)]
        parameters += Self.addressParameters(address)
        parameters += [flag(change.language), change.language ?? nil, change.currency != nil, change.currency?.code,
                       flag(change.paymentTerms), terms?.net.map(Int64.init), terms?.endOfMonth,
                       flag(change.creditLimit), limit?.amount, limit?.currency.code,
                       flag(change.notes), change.notes ?? nil, flag(change.dunning)]
        parameters += Self.dunningParameters(change.dunning ?? nil)
        parameters += [change.liftCollection, change.liftBlock]
        _ = try await mapConflicts { try await tx.query(CustomerSQL.update, parameters) }
        let updated = try await customer(id, in: tx)
        try Self.checkCreditLimit(updated)
        return updated
    }

    /// Deletes the customer and its contacts; returns it as it was.
    /// - Throws: `.conflict(field: "customer")` when it has an invoice, a payment or a credit note.
    @discardableResult
    public func delete(_ id: UUID, in tx: PostgresConnection) async throws -> Customer {
        let current = try await customer(id, in: tx, lock: true)
        if try await hasDocuments(id, in: tx) {
            throw ReceivablesError.conflict(
                field: "customer",
                detail: "customer \(id.uuidString.lowercased()) has invoices, payments or credit notes and cannot be deleted")
        }
        try await tx.query(CustomerSQL.delete, [id])
        return current
    }

    /// Whether the customer has an invoice, a payment or a credit note.
    public func hasDocuments(_ id: UUID, in tx: PostgresConnection) async throws -> Bool {
        let row = try await tx.query(CustomerSQL.documents, [id])[0]
        return try row.decode(Bool.self, at: 0) || row.decode(Bool.self, at: 1)
    }

    // MARK: Contacts

    /// A page of the customer's contacts in id order, after `after`.
    /// - Throws: `.notFound` for an unknown customer.
    public func contacts(of customerID: UUID, after: UUID?, limit: Int, in tx: PostgresConnection) async throws -> [Contact] {
        _ = try await customer(customerID, in: tx)
        return try await tx.query(CustomerSQL.contacts, [customerID, after, Int64(limit)]).map(Self.contact(from:))
    }

    /// The contact `id` of the customer.
    public func contact(_ id: UUID, of customerID: UUID, in tx: PostgresConnection, lock: Bool = false) async throws -> Contact {
        let rows = try await tx.query(lock ? CustomerSQL.contactForUpdate : CustomerSQL.contact, [id, customerID])
        guard let row = rows.first else {
            throw ReceivablesError.notFound("contact \(id.uuidString.lowercased()) of customer \(customerID.uuidString.lowercased())")
        }
        return try Self.contact(from: row)
    }

    public func createContact(_ new: NewContact, in tx: PostgresConnection) async throws -> Contact {
        _ = try await customer(new.customerID, in: tx, lock: true)
        let rows = try await mapConflicts {
            try await tx.query(CustomerSQL.insertContact, [new.id, new.customerID, new.role.rawValue, new.name, new.email, new.phone, new.isPrimary])
        }
        return try Self.contact(from: rows[0])
    }

    /// Applies `change`; the contact must keep a name, an e-mail or a phone.
    public func updateContact(_ id: UUID, of customerID: UUID, _ change: ContactChange, in tx: PostgresConnection) async throws -> Contact {
        func flag<T>(_ value: T??) -> Bool { value != nil }
        let parameters: [any PostgresEncodable] = [
            id, customerID, change.role != nil, change.role?.rawValue, flag(change.name), change.name ?? nil,
            flag(change.email), change.email ?? nil, flag(change.phone), change.phone ?? nil, change.isPrimary != nil, change.isPrimary,
        ]
        let rows = try await mapConflicts { try await tx.query(CustomerSQL.updateContact, parameters) }
        guard let row = rows.first else {
            throw ReceivablesError.notFound("contact \(id.uuidString.lowercased()) of customer \(customerID.uuidString.lowercased())")
        }
        let contact = try Self.contact(from: row)
        if contact.name == nil, contact.email == nil, contact.phone == nil {
            throw ReceivablesError.invalid(field: "body", message: "a contact needs at least one of name, email and phone")
        }
        return contact
    }

    @discardableResult
    public func deleteContact(_ id: UUID, of customerID: UUID, in tx: PostgresConnection) async throws -> Contact {
        let rows = try await tx.query(CustomerSQL.deleteContact, [id, customerID])
        guard let row = rows.first else {
            throw ReceivablesError.notFound("contact \(id.uuidString.lowercased()) of customer \(customerID.uuidString.lowercased())")
        }
        return try Self.contact(from: row)
    }

    // MARK: Rows and rules

    /// Runs `body`, turning the unique violations of these tables into `ReceivablesError.conflict`
    /// and an unknown dunning policy into `ReceivablesError.invalid` on `dunning.policy_id`.
    func mapConflicts<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == SQLState.uniqueViolation {
            guard case .server(let server) = error else { throw error }
            switch server.constraint {
            case "customers_external_ref_key":
                throw ReceivablesError.conflict(field: "external_ref", detail: "another customer has this external_ref")
            case "contacts_one_primary_per_role":
                throw ReceivablesError.conflict(field: "is_primary", detail: "the customer already has a primary contact with this role")
            default:
                throw error
            }
        } catch let error as PostgresError where error.sqlState == SQLState.foreignKeyViolation {
            guard case .server(let server) = error, server.constraint == "customers_dunning_policy_fk" else { throw error }
            throw ReceivablesError.invalid(field: "dunning.policy_id", message: "names no dunning policy of this tenant")
        }
    }

    static func checkCreditLimit(_ customer: Customer) throws {
        if let limit = customer.creditLimit, limit.currency != customer.currency {
            throw ReceivablesError.invalid(field: "credit_limit.currency", message: "must be the customer's currency (\(customer.currency.code))")
        }
    }

    static func addressParameters(_ address: CustomerAddress?) -> [any PostgresEncodable] {
        [address?.line1, address?.line2, address?.postalCode, address?.city, address?.country]
    }

    static func dunningParameters(_ dunning: CustomerDunning?) -> [any PostgresEncodable] {
        switch dunning {
        case .policy(let id): [id, false]
        case .excluded: [UUID?.none, true]
        case nil: [UUID?.none, false]
        }
    }

    /// `text` with LIKE's wildcards and escape character escaped (escape `\`).
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    static func customer(from row: PostgresRow) throws -> Customer {
        let scheme = try row.decode(String?.self, at: 3), value = try row.decode(String?.self, at: 4)
        let address = CustomerAddress(line1: try row.decode(String?.self, at: 5), line2: try row.decode(String?.self, at: 6),
                                      postalCode: try row.decode(String?.self, at: 7), city: try row.decode(String?.self, at: 8),
                                      country: try row.decode(String?.self, at: 9))
        let currency = try row.decode(Currency.self, at: 12)
        let net = try row.decode(Int64?.self, at: 13), endOfMonth = try row.decode(Bool?.self, at: 14)
        let limit = try row.decode(Int64?.self, at: 15), limitCurrency = try row.decode(Currency?.self, at: 16)
        let policy = try row.decode(UUID?.self, at: 18), excluded = try row.decode(Bool.self, at: 19)
        return Customer(
            id: try row.decode(UUID.self, at: 0), externalRef: try row.decode(String?.self, at: 1), name: try row.decode(String.self, at: 2),
            legalID: scheme.flatMap { scheme in value.map { CustomerLegalID(scheme: scheme, value: $0) } },
            address: address.isEmpty ? nil : address,
            language: try row.decode(String?.self, at: 10), effectiveLanguage: try row.decode(String.self, at: 11),
            currency: currency,
            paymentTerms: net == nil && endOfMonth == nil ? nil : PaymentTerms(net: net.map(Int.init), endOfMonth: endOfMonth),
            creditLimit: limit.flatMap { amount in limitCurrency.map { Money(amount, $0) } },
            notes: try row.decode(String?.self, at: 17),
            dunning: excluded ? .excluded : policy.map(CustomerDunning.policy),
            createdAt: try row.decode(Date.self, at: 20), updatedAt: try row.decode(Date.self, at: 21),
            unallocatedCredit: try row.decode(Int64.self, at: 22), inCollectionOn: try row.decode(CalendarDate?.self, at: 23),
            blockedOn: try row.decode(CalendarDate?.self, at: 24))
    }

    static func contact(from row: PostgresRow) throws -> Contact {
        let role = try row.decode(String.self, at: 2)
        return Contact(
            id: try row.decode(UUID.self, at: 0), customerID: try row.decode(UUID.self, at: 1), role: ContactRole(rawValue: role) ?? .other,
            name: try row.decode(String?.self, at: 3), email: try row.decode(String?.self, at: 4), phone: try row.decode(String?.self, at: 5),
            isPrimary: try row.decode(Bool.self, at: 6), createdAt: try row.decode(Date.self, at: 7), updatedAt: try row.decode(Date.self, at: 8))
    }
}
